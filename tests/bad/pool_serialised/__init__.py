"""A MyPool whose workers share one lock around running a task (to "protect" the tasks): n threads
exist, but only one task runs at a time."""
import queue
import threading
import traceback


class MyPool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        self.lock = threading.Lock()
        for _ in range(n):
            threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            func, args, kwargs = self.queue.get()
            with self.lock:
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
