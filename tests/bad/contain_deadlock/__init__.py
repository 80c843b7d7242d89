"""Containment: a deadlock. join() takes the pool's lock and then calls a helper that takes the
same, non-reentrant, lock (a threading.Lock where an RLock was needed)."""
import queue
import threading

from queue import Queue as MyQueue  # noqa: F401  a correct role beside the broken one: the run must go on


def _work(tasks):
    while True:
        func, args, kwargs = tasks.get()
        try:
            func(*args, **kwargs)
        finally:
            tasks.task_done()


class _Pool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        for _ in range(n):
            threading.Thread(target=_work, args=(self.queue,), daemon=True).start()

    def submit_tasks(self, func, args=(), kwargs=None):
        self.queue.put((func, tuple(args), dict(kwargs or {})))


class MyPool(_Pool):
    def __init__(self, n):
        super().__init__(n)
        self.lock = threading.Lock()

    def _wait_all(self):
        with self.lock:  # already held by join(): waits for itself forever
            self.queue.join()

    def join(self):
        with self.lock:
            self._wait_all()
