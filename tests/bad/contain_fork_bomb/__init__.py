"""Containment: forking without end. The pool starts a supervisor process meant to fork worker
processes; the student forgot to branch on fork()'s result, so every worker is a supervisor too,
and join() waits for the supervisor, which never ends."""
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


def _supervise():
    while True:
        try:
            os.fork()  # both the parent and the new "worker" go round again
        except OSError:
            pass  # the student's "retry later"


class MyPool(_Pool):
    def __init__(self, n):
        super().__init__(n)
        self.supervisor = os.fork()
        if self.supervisor == 0:
            _supervise()

    def join(self):
        self.queue.join()
        os.waitpid(self.supervisor, 0)
