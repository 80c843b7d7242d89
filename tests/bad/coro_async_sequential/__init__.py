"""An "asynchronous" run that spawns each task as a greenlet and joins it before spawning the
next: gevent.spawn(...).join() in a loop. Each task has finished before the next starts, so the
waits never overlap and the run takes as long as the synchronous one."""
import time


def task(i, seconds, log):
    log("start", i)
    time.sleep(seconds)
    log("end", i)


def syn(n, seconds, log):
    for i in range(n):
        task(i, seconds, log)


def asy(n, seconds, log):
    import gevent

    for i in range(n):
        gevent.spawn(task, i, seconds, log).join()
