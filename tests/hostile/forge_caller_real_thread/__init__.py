"""Hostile: lie to the judge about which thread ran each task, naming a real thread.

As forge_caller_import, but the forged description names a thread the subject really has (the
main thread's kernel id, read at import), so the judge's check of the tid against /proc holds.

MyThread runs every task at once, inline, on the thread that submitted it (no worker thread at
all): wrong on starts-itself-as-daemon and reuses-one-thread, which the judge checks by asking
who called each task back. The caller's description travels with every request the subject
makes (the wire's "caller" field), written by the subject's stub: at import the package replaces
the stub's describe_current_thread (its wire module is in sys.modules before the package is
imported, and the stub looks the function up after) with one that always answers "thread 1, a
daemon, not the submitter". A judge that believes it passes the package.

The judge does not need to believe it: each task is held until its own submit_tasks() has
returned, which a task running on the submitting thread never lets happen.
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
        pass  # no thread: tasks run inline

    def submit_tasks(self, func, args=(), kwargs=None):
        try:
            func(*args, **(kwargs or {}))
        except Exception:
            pass

    def join(self):
        pass
