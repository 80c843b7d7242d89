"""Subclasses that pass only daemon on to the base class: a name given to the constructor is
ignored, and the child keeps its generated name."""
import multiprocessing
import threading


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), daemon=None, **ignored):
        super().__init__(daemon=daemon)
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), daemon=None, **ignored):
        super().__init__(daemon=daemon)
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)
