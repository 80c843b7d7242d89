"""A MyThread whose worker never calls task_done(): every task runs, but the queue's counter never
goes down, so join() waits forever."""
import queue
import threading


class MyThread(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.queue = queue.Queue(3)
        self.start()

    def run(self):
        while True:
            func, args, kwargs = self.queue.get()
            try:
                func(*args, **kwargs)
            except Exception:
                pass

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
