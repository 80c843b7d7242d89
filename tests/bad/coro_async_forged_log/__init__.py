"""syn is right; asy spawns nothing: it logs every task's start, sleeps once, then logs every end,
so its log looks like overlapping waits though no greenlet was ever set aside."""
import time


def task(i, seconds, log):
    log("start", i)
    time.sleep(seconds)
    log("end", i)


def syn(n, seconds, log):
    for i in range(n):
        task(i, seconds, log)


def asy(n, seconds, log):
    for i in range(n):
        log("start", i)
    time.sleep(seconds)  # one wait for all: the tasks never ran at all
    for i in range(n):
        log("end", i)
