"""The classic indentation slip: p.join() after the loop joins only the last child."""
import multiprocessing
import threading


def _offload(make, tasks, own_work):
    child = None
    for func, args in tasks:
        child = make(func, tuple(args))
        child.start()
    result = own_work()
    if child is not None:
        child.join()  # bug: only the last child is waited for
    return result


def run_in_processes(tasks, own_work):
    return _offload(lambda f, a: multiprocessing.Process(target=f, args=a), tasks, own_work)


def run_in_threads(tasks, own_work):
    return _offload(lambda f, a: threading.Thread(target=f, args=a), tasks, own_work)
