"""A MyThread that forgets daemon=True: its worker waits for tasks forever, so a program that used
it could never end."""
import queue
import threading
import traceback


class MyThread(threading.Thread):
    def __init__(self):
        super().__init__()
        self.queue = queue.Queue(3)
        self.start()

    def run(self):
        while True:
            func, args, kwargs = self.queue.get()
            try:
                func(*args, **kwargs)
            except Exception:
                traceback.print_exc()
            finally:
                self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
