"""Subclasses that override start() instead of run(): start() calls the work directly, so it runs
in the caller, and start() only returns when the work is done."""
import multiprocessing
import threading


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), **kwargs):
        super().__init__(**kwargs)
        self.func, self.func_args = func, tuple(args)

    def start(self):
        self.func(*self.func_args)


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), **kwargs):
        super().__init__(**kwargs)
        self.func, self.func_args = func, tuple(args)

    def start(self):
        self.func(*self.func_args)
