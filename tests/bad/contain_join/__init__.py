"""Containment: a join() that never returns. The workers never call task_done(), so the
queue's join() waits for ever once a task has been submitted."""
import queue
import threading

from queue import Queue as MyQueue  # noqa: F401  a correct role beside the broken one: the run must go on


def _work(tasks):
    while True:
        func, args, kwargs = tasks.get()
        func(*args, **kwargs)  # forgot tasks.task_done()


class MyPool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        for _ in range(n):
            threading.Thread(target=_work, args=(self.queue,), daemon=True).start()

    def submit_tasks(self, func, args=(), kwargs=None):
        self.queue.put((func, tuple(args), dict(kwargs or {})))

    def join(self):
        self.queue.join()
