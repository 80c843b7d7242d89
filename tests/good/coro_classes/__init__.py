"""OO style: greenlet.greenlet subclasses (the producer creates the consumer, its child, and ends
it with a sentinel), an acknowledging generator consumer primed by a helper and driven by a while
loop with next(); gevent Pool, JoinableQueue(3) with task_done()/join(), Pool.map for asy.
Still correct: the same logged steps, order, thread and queue bound as CONTRACT.md asks."""
import functools
import time

import gevent  # importing gevent patches nothing; the harness patches before importing us
from gevent.pool import Pool
from gevent.queue import JoinableQueue
from greenlet import greenlet

# --- generators -----------------------------------------------------------------------------


def primed(genfunc):
    """Wrap a generator function so that the generators it makes are already at their first yield."""

    @functools.wraps(genfunc)
    def start(*args, **kwargs):
        gen = genfunc(*args, **kwargs)
        gen.send(None)
        return gen

    return start


def gen_consumer(log):
    """Consume every item sent; answer each send() with an acknowledgement."""
    ack = "ready"
    while True:
        item = yield ack
        log("consume", item)
        ack = ("ok", item)


def gen_producer(items, log):
    consumer = primed(gen_consumer)(log)
    source = iter(items)
    while True:
        try:
            item = next(source)
        except StopIteration:
            break
        log("produce", item)
        ack = consumer.send(item)
        if ack != ("ok", item):
            raise RuntimeError(f"consumer did not acknowledge {item!r}: {ack!r}")
    consumer.close()


# --- greenlet ---------------------------------------------------------------------------------

_END = object()


class Consumer(greenlet):
    """Receives items from whoever switches to it; it runs as a child of the producer."""

    def __init__(self, log):
        super().__init__()  # parent: the greenlet creating us (the producer)
        self.log = log
        self.count = 0

    def run(self, item):
        while item is not _END:
            self.log("consume", item)
            self.count += 1
            item = self.parent.switch()
        return self.count  # back to the producer


class Producer(greenlet):
    def __init__(self, items, log):
        super().__init__()
        self.items = items
        self.log = log

    def run(self):
        consumer = Consumer(self.log)
        for item in self.items:
            self.log("produce", item)
            consumer.switch(item)
            self.log("done", item)
        consumed = consumer.switch(_END) if consumer else 0  # started and not dead: let it finish
        return consumed


def greenlet_producer_consumer(items, log):
    return Producer(list(items), log).switch()


# --- gevent -------------------------------------------------------------------------------------


class _Counter:
    def __init__(self):
        self.value = 0

    def bump(self):
        self.value += 1  # read and write with no switch in between


def gevent_counter(tasks, increments):
    counter = _Counter()

    def worker():
        for _ in range(increments):
            counter.bump()
            gevent.sleep(0)

    pool = Pool(tasks)
    for _ in range(tasks):
        pool.spawn(worker)
    pool.join(raise_error=True)
    return counter.value


def gevent_producer_consumer(items, log):
    items = list(items)
    q = JoinableQueue(maxsize=3)

    def produce():
        for item in items:
            q.put(item)
            log("produce", item)

    def consume():
        while True:
            item = q.get()
            try:
                log("consume", item)
            finally:
                q.task_done()

    consumer = gevent.spawn(consume)
    producer = gevent.spawn(produce)
    producer.get()  # re-raises if the producer failed
    q.join()  # every item consumed
    consumer.kill()


def _task(i, seconds, log):
    log("start", i)
    time.sleep(seconds)  # gevent's sleep once the interpreter is patched
    log("end", i)


def syn(n, seconds, log):
    i = 0
    while i < n:
        _task(i, seconds, log)
        i += 1


def asy(n, seconds, log):
    Pool(n).map(functools.partial(_run_task, seconds=seconds, log=log), range(n))


def _run_task(i, seconds, log):
    _task(i, seconds, log)
