"""The tutorial's first demos as written: children started, the parent's own work done, and no
join() at all, so the helper returns while the children are still working."""
import multiprocessing
import threading


def _fire_and_forget(make, tasks, own_work):
    for func, args in tasks:
        make(target=func, args=tuple(args)).start()
    return own_work()


def run_in_processes(tasks, own_work):
    return _fire_and_forget(multiprocessing.Process, tasks, own_work)


def run_in_threads(tasks, own_work):
    return _fire_and_forget(threading.Thread, tasks, own_work)
