"""The tutorial's asynchronous run written as a script would write it: spawn the tasks, then
gevent.wait() with no argument, which waits for the whole loop. That is only allowed in the main
greenlet; the role is called from another one (CONTRACT.md), so the wait fails at once."""
import time


def task(i, seconds, log):
    log("start", i)
    time.sleep(seconds)
    log("end", i)


def asy(n, seconds, log):
    import gevent

    for i in range(n):
        gevent.spawn(task, i, seconds, log)
    gevent.wait()  # every greenlet of the loop, the harness's too
