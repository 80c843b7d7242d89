"""The tutorial's MyThread as written: correct while every task succeeds, but run() has no
try/except, so a task that raises ends the loop: the worker dies, task_done() is never called for
that task, join() waits forever and later tasks never run."""
import queue
import threading


class MyThread(threading.Thread):
    def __init__(self):
        super().__init__()
        self.daemon = True
        self.queue = queue.Queue(3)
        self.start()

    def run(self):
        while True:
            func, args, kwargs = self.queue.get()
            func(*args, **kwargs)
            self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
