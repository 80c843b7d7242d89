"""Containment: the interpreter ends under the spec. join() calls os._exit(0) once the tasks are
done, the student wanting "the program" to end there."""
import os

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
        os._exit(0)
