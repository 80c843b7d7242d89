"""A MyThread whose join() waits until the queue is empty instead of until every task is done: the
last task has been taken out of the queue but is still running when join() returns."""
import queue
import threading
import time
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
                func(*args, **kwargs)
            except Exception:
                traceback.print_exc()
            finally:
                self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        while not self.queue.empty():
            time.sleep(0.001)
