"""The tutorial's MyPool as written: its threads are started without a target, so they exit at
once and nothing ever consumes the queue."""
import queue
import threading


class MyPool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        for _ in range(n):
            threading.Thread(daemon=True).start()

    def run(self):
        while True:
            func, args, kwargs = self.queue.get()
            func(*args, **kwargs)
            self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
