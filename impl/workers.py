"""The tutorial's MyThread and MyPool, corrected: reusable worker threads fed by a queue."""
__all__ = ["MyThread", "MyPool"]

import queue
import threading
import traceback


def _work_forever(tasks):
    while True:
        func, args, kwargs = tasks.get()
        try:
            func(*args, **kwargs)
        except Exception:
            # a failing task must neither kill the worker nor leave join() waiting forever
            traceback.print_exc()
        finally:
            tasks.task_done()


class MyThread(threading.Thread):
    """One daemon worker thread, started at construction, that runs submitted tasks in order."""

    def __init__(self, maxsize=3):
        super().__init__(daemon=True)
        self.queue = queue.Queue(maxsize)
        self.start()

    def run(self):
        _work_forever(self.queue)

    def submit_tasks(self, func, args=(), kwargs=None):
        """Queue a task; waits while `maxsize` tasks are already pending."""
        self.queue.put((func, tuple(args), dict(kwargs or {})))

    def join(self, timeout=None):
        """Wait until every submitted task has finished (the worker itself runs forever)."""
        self.queue.join()


class MyPool:
    """n daemon worker threads sharing one task queue (the tutorial forgot to give them a target)."""

    def __init__(self, n, maxsize=3):
        self.queue = queue.Queue(maxsize)
        self.threads = [threading.Thread(target=_work_forever, args=(self.queue,), daemon=True) for _ in range(n)]
        for thread in self.threads:
            thread.start()

    def submit_tasks(self, func, args=(), kwargs=None):
        self.queue.put((func, tuple(args), dict(kwargs or {})))

    def join(self):
        self.queue.join()
