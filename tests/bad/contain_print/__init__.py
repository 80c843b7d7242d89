"""Containment: printing megabytes. join() prints a progress report while it waits, but its loop
condition is always true, so it prints without end."""
import queue
import threading

from queue import Queue as MyQueue  # noqa: F401  a correct role beside the broken one: the run must go on


def _work(tasks):
    while True:
        func, args, kwargs = tasks.get()
        try:
            func(*args, **kwargs)
        finally:
            tasks.task_done()


class _Pool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        for _ in range(n):
            threading.Thread(target=_work, args=(self.queue,), daemon=True).start()

    def submit_tasks(self, func, args=(), kwargs=None):
        self.queue.put((func, tuple(args), dict(kwargs or {})))


class MyPool(_Pool):
    def join(self):
        self.queue.join()
        while self.queue.unfinished_tasks >= 0:  # meant: > 0
            print("waiting for tasks:", "#" * 8192, self.queue.unfinished_tasks)
