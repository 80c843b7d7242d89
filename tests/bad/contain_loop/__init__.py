"""Containment: an endless loop. join() busy-waits on a count of pending tasks that the workers
never decrease (the student counts submissions but forgot to count completions)."""
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
    def __init__(self, n):
        super().__init__(n)
        self.pending = 0

    def submit_tasks(self, func, args=(), kwargs=None):
        self.pending += 1
        super().submit_tasks(func, args, kwargs)

    def join(self):
        while self.pending:  # nothing ever decreases it
            pass
