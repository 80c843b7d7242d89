"""A MyThread that "recovers" from a task that raised by handing its queue to a fresh thread and
ending: every task still runs and join() still returns, but the worker is not the thread it was;
with plan [raises, works] the only working task runs on the new thread, so a spec that looks only
at the tasks after the failure sees one thread and passes it."""
import queue
import threading


class MyThread(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.queue = queue.Queue(3)
        self.start()

    def run(self):
        self._serve()

    def _serve(self):
        while True:
            func, args, kwargs = self.queue.get()
            try:
                func(*args, **kwargs)
            except Exception:
                threading.Thread(target=self._serve, daemon=True).start()
                return
            finally:
                self.queue.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):
        self.queue.put((func, args, kwargs))

    def join(self):
        self.queue.join()
