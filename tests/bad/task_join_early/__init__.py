"""Children started together, but joined before the parent's own work instead of after it: the
children overlap each other, the parent's work only starts once they have all ended."""
import multiprocessing
import threading


def _join_first(make, tasks, own_work):
    children = [make(target=func, args=tuple(args)) for func, args in tasks]
    for child in children:
        child.start()
    for child in children:
        child.join()
    return own_work()


def run_in_processes(tasks, own_work):
    return _join_first(multiprocessing.Process, tasks, own_work)


def run_in_threads(tasks, own_work):
    return _join_first(threading.Thread, tasks, own_work)
