"""Containment: a crash of the interpreter. join() reads a 'status word' through ctypes from an
address it never set (0), which is a segmentation fault."""
import ctypes

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
    status_address = 16  # meant to be filled in by a worker with a real address; never is

    def join(self):
        self.queue.join()
        ctypes.string_at(self.status_address, 8)
