"""run_in_processes written with threading.Thread (the two modules look alike): the tasks run,
and even overlap, but inside the calling process, sharing its memory and its fate."""
import threading


def run_in_processes(tasks, own_work):
    children = [threading.Thread(target=func, args=tuple(args)) for func, args in tasks]
    for child in children:
        child.start()
    try:
        return own_work()
    finally:
        for child in children:
            child.join()
