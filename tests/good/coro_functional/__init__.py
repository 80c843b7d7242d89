"""Flat functional style: send(None) priming, the producer greenlet starts the consumer (its child)
with the first item; gevent Group/Group.map, a Queue(maxsize=3) read by iterating it, module-level
`from time import sleep` (bound after the harness's patch_all()), optional extra parameters.
Still correct: the same logged steps, order, thread and bound; sleep(0) only between updates."""
import itertools
from time import sleep  # bound after the harness's patch_all(): cooperative in the gevent roles

from greenlet import greenlet


def gen_consumer(log):
    item = yield  # wait for the first item
    while True:
        log("consume", item)
        item = yield


def gen_producer(items, log):
    consume = gen_consumer(log)
    consume.send(None)  # same as next(): runs it to its first yield
    produced = 0
    for item in items:
        log("produce", item)
        consume.send(item)
        produced += 1
    return produced


def greenlet_producer_consumer(items, log):
    def producer():
        for item in items:
            log("produce", item)
            consumer_g.switch(item)  # the first switch starts the consumer with this item
            log("done", item)
        return len(items)

    def consumer(item):
        while True:
            log("consume", item)
            item = producer_g.switch()

    producer_g = greenlet(producer)
    consumer_g = greenlet(consumer, parent=producer_g)
    return producer_g.switch()  # back here when the producer returns


def gevent_counter(tasks, increments, pause=0):
    from gevent.pool import Group

    counts = {"n": 0}

    def add(_):
        for _ in range(increments):
            counts["n"] += 1
            sleep(pause)  # the patched time.sleep: gevent.sleep(0), a switch after the update

    Group().map(add, range(tasks))  # spawns one greenlet per task, returns when all are done
    return counts["n"]


def gevent_producer_consumer(items, log, maxsize=3):
    import gevent
    from gevent.queue import Queue

    items = list(items)
    channel = Queue(maxsize=maxsize)

    def producer():
        for item in items:
            channel.put(item)
            log("produce", item)

    def consumer():
        for item in itertools.islice(channel, len(items)):  # iterating a Queue calls get()
            log("consume", item)

    jobs = [gevent.spawn(producer), gevent.spawn(consumer)]
    gevent.wait(jobs)
    for job in jobs:
        if not job.successful():
            raise job.exception


def work(i, seconds, log):
    log("start", i)
    sleep(seconds)
    log("end", i)


def syn(n, seconds, log=print):
    list(map(lambda i: work(i, seconds, log), range(n)))


def asy(n, seconds, log=print):
    from gevent.pool import Group

    group = Group()
    for i in range(n):
        group.spawn(work, i, seconds, log)
    group.join(raise_error=True)
