"""The tutorial's MyPool with its threads given the run loop as target (the fix for its missing
target), but still without try/except: a task that raises kills its worker and leaves join()
waiting for a task_done() that never comes."""
import queue
import threading


class MyPool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        for _ in range(n):
            threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            func, args, kwargs = self.queue.get()
            func(*args, **kwargs)
            self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
