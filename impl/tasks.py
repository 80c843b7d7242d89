"""The tutorial's multitasking demos, corrected: offloading slow tasks to processes and threads,
Process/Thread subclasses, and the Manager dict program.

Nothing here runs at import time: a Manager created at module level would be created again by
every child under the spawn start method (see ipc.manager.created-under-main-guard).
"""
__all__ = ["run_in_processes", "run_in_threads", "TaskProcess", "TaskThread", "share_dict_with_child"]

import multiprocessing
import threading


def _offload(make_child, tasks, own_work):
    children = [make_child(func, tuple(args)) for func, args in tasks]
    for child in children:
        child.start()  # every child is running before the parent does anything else
    try:
        return own_work()  # the parent's own work overlaps the children
    finally:
        for child in children:
            child.join()  # join at the end: after the parent's own work, never before it


def run_in_processes(tasks, own_work):
    return _offload(lambda func, args: multiprocessing.Process(target=func, args=args), tasks, own_work)


def run_in_threads(tasks, own_work):
    return _offload(lambda func, args: threading.Thread(target=func, args=args), tasks, own_work)


class TaskProcess(multiprocessing.Process):
    """A Process subclass: the base __init__ is called, and run() (not start()) is overridden."""

    def __init__(self, func, args=(), **process_kwargs):
        super().__init__(**process_kwargs)
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)


class TaskThread(threading.Thread):
    """A Thread subclass: the base __init__ is called, and run() (not start()) is overridden."""

    def __init__(self, func, args=(), **thread_kwargs):
        super().__init__(**thread_kwargs)
        self.func, self.func_args = func, tuple(args)

    def run(self):
        self.func(*self.func_args)


def _apply(shared, updates):
    shared.update(updates)


def share_dict_with_child(parent_updates, child_updates):
    # The manager is created here, not at import time, and handed to the child as an argument
    # that the child's function actually takes.
    with multiprocessing.Manager() as manager:
        shared = manager.dict()
        shared.update(parent_updates)
        child = multiprocessing.Process(target=_apply, args=(shared, dict(child_updates)))
        child.start()
        child.join()
        return dict(shared)
