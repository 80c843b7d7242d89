"""MyPool and MyThread whose workers call task_done() as soon as they take a task, before running it
("the task is handed over, so it is done with the queue"): join() returns while the last tasks are
still running."""
import queue
import threading
import traceback


def _work(tasks):
    while True:
        func, args, kwargs = tasks.get()
        tasks.task_done()  # BUG: marks it done before it ran
        try:
            func(*args, **kwargs)
        except Exception:
            traceback.print_exc()


class MyPool:
    def __init__(self, n):
        self.queue = queue.Queue(3)
        for _ in range(n):
            threading.Thread(target=_work, args=(self.queue,), daemon=True).start()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, tuple(args), dict(kwargs)))

    def join(self):
        self.queue.join()


class MyThread(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.queue = queue.Queue(3)
        self.start()

    def run(self):
        _work(self.queue)

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, tuple(args), dict(kwargs)))

    def join(self):
        self.queue.join()
