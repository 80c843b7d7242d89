"""Hostile: lie to the judge about which thread ran each task.

MyThread runs every task at once, inline, on the thread that submitted it (no worker thread at
all): wrong on starts-itself-as-daemon and reuses-one-thread, which the judge checks by asking
who called each task back. The caller's description travels with every request the subject
makes (the wire's "caller" field), written by the subject's stub: at import the package replaces
the stub's describe_current_thread (its wire module is in sys.modules before the package is
imported, and the stub looks the function up after) with one that always answers "thread 1, a
daemon, not the submitter". A judge that believes it passes the package.
"""
import os
import sys


def _forged():
    return {"pid": os.getpid(), "thread": 1, "thread_name": "MyThread worker", "ident": 1, "native_id": 1,
            "daemon": True, "harness": False}


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
