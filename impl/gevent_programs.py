"""协程/gevent: the tutorial's gevent programs, as roles that run in a monkey-patched interpreter.

gevent is imported only inside the functions: importing this module patches nothing. The
tutorial's producer/consumer spawns `producer` and `consumer` with an argument they do not take;
here the queue is passed and taken.
"""
__all__ = ["gevent_producer_consumer", "gevent_counter", "syn", "asy"]

import time


def gevent_producer_consumer(items, log):
    import gevent
    from gevent.queue import Queue

    def producer(que):
        for item in items:
            que.put(item)  # waits while three items are pending
            log("produce", item)

    def consumer(que):
        for _ in range(len(items)):
            item = que.get()
            log("consume", item)

    que = Queue(3)
    gevent.joinall([gevent.spawn(producer, que), gevent.spawn(consumer, que)], raise_error=True)


def gevent_counter(tasks, increments):
    import gevent

    count = 0

    def work():
        nonlocal count
        for _ in range(increments):
            count += 1  # no switch between reading and writing count
            gevent.sleep(0)  # let the other greenlets run between increments

    gevent.joinall([gevent.spawn(work) for _ in range(tasks)], raise_error=True)
    return count


def task(i, seconds, log):
    log("start", i)
    time.sleep(seconds)  # blocks; cooperative once time is monkey-patched
    log("end", i)


def syn(n, seconds, log):
    for i in range(n):
        task(i, seconds, log)


def asy(n, seconds, log):
    import gevent

    gevent.joinall([gevent.spawn(task, i, seconds, log) for i in range(n)], raise_error=True)
