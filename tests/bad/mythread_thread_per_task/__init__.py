"""A MyThread that starts a new thread for every submitted task instead of reusing its worker
(the tasks still run in order: each new thread first waits for the previous one)."""
import threading


class MyThread:
    def __init__(self):
        self.threads = []
        self.lock = threading.Lock()

    def submit_tasks(self, func, args=(), kwargs={}):
        with self.lock:
            previous = self.threads[-1] if self.threads else None

            def run():
                if previous is not None:
                    previous.join()
                try:
                    func(*args, **kwargs)
                except Exception:
                    pass

            thread = threading.Thread(target=run, daemon=True)
            self.threads.append(thread)
            thread.start()

    def join(self):
        for thread in list(self.threads):
            thread.join()
