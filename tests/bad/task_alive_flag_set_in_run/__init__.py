"""A TaskThread that keeps its own liveness flag: run() sets it on entry and clears it on the way
out, and is_alive() reports the flag. Between start() returning and the new thread entering run(),
is_alive() says False: on most runs the gap is too short to see."""
import threading


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), **thread_kwargs):
        super().__init__(**thread_kwargs)
        self.func, self.func_args = func, tuple(args)
        self.running = False

    def run(self):
        self.running = True
        try:
            self.func(*self.func_args)
        finally:
            self.running = False

    def is_alive(self):
        return self.running
