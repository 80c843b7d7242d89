"""MyPool whose worker threads are not daemons (the student left out daemon=True): they wait for tasks
forever, so a program that uses the pool never ends. Otherwise correct."""
import queue
import threading
import traceback


def _work(tasks):
    while True:
        func, args, kwargs = tasks.get()
        try:
            func(*args, **kwargs)
        except Exception:
            traceback.print_exc()
        finally:
            tasks.task_done()


class MyPool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        for _ in range(n):
            threading.Thread(target=_work, args=(self.queue,)).start()  # BUG: not daemon

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, tuple(args), dict(kwargs)))

    def join(self):
        self.queue.join()
