"""Subclasses whose __init__ accepts the base class's keywords but only passes the name on:
daemon=True is silently dropped, so the 'daemon' children are ordinary ones."""
import multiprocessing
import threading


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), **kwargs):
        super().__init__(name=kwargs.get("name"))
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), **kwargs):
        super().__init__(name=kwargs.get("name"))
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)
