"""Containment: allocating without end. The pool grows a result buffer until it is 'big enough',
a condition that never comes true."""
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
        self.buffers = []
        while sum(len(b) for b in self.buffers) >= 0:  # always true
            self.buffers.append(bytearray(64 * 1024 * 1024))
        super().__init__(n)

    def join(self):
        self.queue.join()
