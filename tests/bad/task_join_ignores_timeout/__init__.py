"""Subclasses whose join() drops its timeout (`def join(self, timeout=None): super().join()`):
join(0.05) on a running child waits for the child to end instead of returning."""
import multiprocessing
import threading


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), **process_kwargs):
        super().__init__(**process_kwargs)
        self.func, self.func_args = func, args

    def run(self):
        self.func(*self.func_args)

    def join(self, timeout=None):
        super().join()


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), **thread_kwargs):
        super().__init__(**thread_kwargs)
        self.func, self.func_args = func, args

    def run(self):
        self.func(*self.func_args)

    def join(self, timeout=None):
        super().join()
