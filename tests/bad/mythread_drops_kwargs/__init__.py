"""A MyThread that unpacks the positional arguments but forgets the keyword arguments
(func(*args) instead of func(*args, **kwargs)): a task submitted with kwargs fails with TypeError,
which the worker reports and skips."""
import queue
import threading
import traceback


class MyThread(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.queue = queue.Queue(3)
        self.start()

    def run(self):
        while True:
            func, args, kwargs = self.queue.get()
            try:
                func(*args)
            except Exception:
                traceback.print_exc()
            finally:
                self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
