"""Subclasses that make every child a daemon, as the tutorial's own MyThread does
(self.daemon = True in __init__): a child meant to finish its work is cut off when the main
program's code ends."""
import multiprocessing
import threading


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), **kwargs):
        super().__init__(**kwargs)
        self.daemon = True
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), **kwargs):
        super().__init__(**kwargs)
        self.daemon = True
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)
