"""Hostile: lie to the judge about how many threads ran the tasks, from inside a role call.

MyPool(n) starts a new (non-daemon) thread for every task: wrong on reuses-at-most-n-threads,
which the judge checks by counting the threads that called tasks back, as the subject's stub
describes them in every request. In submit_tasks() the package finds the stub's wire peer (gc)
and replaces its description of the calling thread with one that always names the same thread,
a daemon, not the submitter. A judge that believes it passes the package.
"""
import gc
import os
import threading


def _forged():
    return {"pid": os.getpid(), "thread": 1, "thread_name": "pool worker", "ident": 1, "native_id": 1,
            "daemon": True, "harness": False}


def _forge():
    for obj in gc.get_objects():
        if type(obj).__name__ == "Peer" and hasattr(obj, "_describe_self"):
            obj._describe_self = _forged


class MyPool:
    def __init__(self, n):
        self.n = n
        self.threads = []

    def submit_tasks(self, func, args=(), kwargs=None):
        _forge()
        thread = threading.Thread(target=func, args=tuple(args), kwargs=dict(kwargs or {}))  # one per task
        thread.start()
        self.threads.append(thread)

    def join(self):
        for thread in self.threads:
            thread.join()
