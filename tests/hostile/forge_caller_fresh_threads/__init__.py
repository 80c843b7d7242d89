"""Hostile: a thread per task, each claiming to be the same reused worker.

MyThread starts a fresh daemon thread for every task: wrong on reuses-one-thread. At import the
package replaces the subject stub's describe_current_thread with one that names, for every
thread, the same Thread serial and the main thread's real kernel id (which exists, so the judge's
check of the tid against /proc holds).
"""
import os
import sys
import threading

_MAIN = threading.get_native_id()


def _forged():
    return {"pid": os.getpid(), "thread": 1, "thread_name": "MyThread worker", "ident": 1, "native_id": _MAIN,
            "daemon": True, "harness": False, "os_thread": 1, "main_os_thread": 2, "tid": _MAIN}


_wire = sys.modules.get("_netspecs_wire")
if _wire is not None:
    _wire.describe_current_thread = _forged


class MyThread:
    def __init__(self):
        self._threads = []

    def submit_tasks(self, func, args=(), kwargs=None):
        thread = threading.Thread(target=func, args=args, kwargs=kwargs or {}, daemon=True)
        thread.start()
        self._threads.append(thread)

    def join(self):
        for thread in self._threads:
            thread.join()
