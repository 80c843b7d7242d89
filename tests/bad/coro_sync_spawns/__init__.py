"""The synchronous run written like the asynchronous one: every task spawned as a greenlet and
then all joined. Under gevent the sleeps overlap, so "synchronous" is not one task after another."""
import time


def task(i, seconds, log):
    log("start", i)
    time.sleep(seconds)
    log("end", i)


def syn(n, seconds, log):
    import gevent

    gevent.joinall([gevent.spawn(task, i, seconds, log) for i in range(n)])


def asy(n, seconds, log):
    import gevent

    gevent.joinall([gevent.spawn(task, i, seconds, log) for i in range(n)])
