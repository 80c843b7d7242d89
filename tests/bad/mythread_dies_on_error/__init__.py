"""A MyThread that calls task_done() in a finally block but does not catch the task's exception:
join() is not left waiting for the failed task, but the exception still ends the loop, the worker
dies, and every later task waits in the queue forever."""
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
            finally:
                self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
