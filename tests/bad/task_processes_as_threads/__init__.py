"""run_in_threads written with multiprocessing.Process: the tasks overlap, but each runs in a
copy of the process, so what they assign never reaches the main thread."""
import multiprocessing


def run_in_threads(tasks, own_work):
    children = [multiprocessing.Process(target=func, args=tuple(args)) for func, args in tasks]
    for child in children:
        child.start()
    try:
        return own_work()
    finally:
        for child in children:
            child.join()
