"""The tutorial's synchronous/asynchronous program with its monkey-patching line left out, judged
in an interpreter that nobody patched (tests/test_wrong_coroutines.py runs it so; it has no
expect.py, because `pytest specs` always runs gevent roles patched). Its tasks wait in the
standard library's time.sleep(), which without the patch blocks the whole thread: the spawned
greenlets wait one after another, and the claimed overlap does not happen."""
import time


def task(i, seconds, log):
    log("start", i)
    time.sleep(seconds)
    log("end", i)


def syn(n, seconds, log):
    for i in range(n):
        task(i, seconds, log)


def asy(n, seconds, log):
    import gevent  # no `from gevent import monkey; monkey.patch_all()`

    gevent.joinall([gevent.spawn(task, i, seconds, log) for i in range(n)])
