"""A 'parallel' helper that runs the tasks one after another: each child is started and joined
before the next one starts (a student who put join() right after start() inside the loop), then
the parent does its own work. Nothing overlaps; the total is the sum."""
import multiprocessing
import threading


def _one_by_one(make, tasks, own_work):
    for func, args in tasks:
        child = make(target=func, args=tuple(args))
        child.start()
        child.join()
    return own_work()


def run_in_processes(tasks, own_work):
    return _one_by_one(multiprocessing.Process, tasks, own_work)


def run_in_threads(tasks, own_work):
    return _one_by_one(threading.Thread, tasks, own_work)
