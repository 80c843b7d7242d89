"""A MyPool that ignores n and starts a new thread for every task: every task runs, but with no
limit on how many run at once, no reuse, and no bounded queue."""
import threading


class MyPool:
    def __init__(self, n):
        self.threads = []

    def submit_tasks(self, func, args=(), kwargs={}):
        thread = threading.Thread(target=func, args=args, kwargs=kwargs, daemon=True)
        self.threads.append(thread)
        thread.start()

    def join(self):
        for thread in list(self.threads):
            thread.join()
