"""Who ran a task: the subject's thread (and process) that called back into the judge.

A task the judge hands to a role (``MyThread().submit_tasks(task)``) runs in the judge when the
role calls it; ``calling_thread()`` inside it says which thread of the subject made that call, as
the subject's stub reports it. In a process without a subject (a runtime claim, or --isolation
none) it describes the current thread of this process.
"""
import collections
import os
import threading

from . import wire


class Caller(collections.namedtuple("Caller", "pid thread name daemon submitter")):
    """pid: the calling process (as the subject sees it); thread: a number per Thread object (an
    ident passes to the next thread once one ends; a Thread object does not); submitter: the call
    came from the thread that carries out the judge's own call (a role that ran the task inline,
    on the caller's thread, instead of on a worker)."""


def calling_thread():
    info = wire.caller()
    if info is None:
        thread = threading.current_thread()
        return Caller(os.getpid(), id(thread), thread.name, thread.daemon, thread is threading.main_thread())
    return Caller(info.get("pid"), info.get("thread"), info.get("thread_name"), info.get("daemon"), bool(info.get("harness")))
