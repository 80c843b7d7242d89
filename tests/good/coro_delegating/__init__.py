"""Delegation style: gen_consumer is `yield from` a helper, fed through a Pipeline object; greenlets
find each other in a dict and the consumer is ended with throw(); gevent.Greenlet subclasses, the
caller's greenlet as producer, patch_all() inside syn/asy (allowed), gevent.sleep, spawn_later(0)
+ gevent.wait(list). Still correct: the logged steps, threads and bounds are those asked."""


def _consume(log):
    while True:
        log("consume", (yield))


def gen_consumer(log):
    yield from _consume(log)  # send() and next() pass straight through to _consume


class Pipeline:
    """A producer's end of a generator pipeline."""

    def __init__(self, consumer, log):
        self.consumer = consumer
        self.log = log
        next(self.consumer)  # prime: run to the first yield

    def feed(self, item):
        self.log("produce", item)
        self.consumer.send(item)

    def close(self):
        self.consumer.close()


def gen_producer(items, log):
    pipe = Pipeline(gen_consumer(log), log)
    try:
        for item in items:
            pipe.feed(item)
    finally:
        pipe.close()


def greenlet_producer_consumer(items, log):
    import greenlet

    peers = {}

    def consumer():
        while True:
            log("consume", peers["producer"].switch())

    def producer():
        for item in items:
            log("produce", item)
            peers["consumer"].switch(item)
            log("done", item)

    peers["consumer"] = greenlet.greenlet(consumer)
    peers["producer"] = greenlet.greenlet(producer)
    peers["consumer"].switch()  # the consumer starts, switches to the producer, which returns here at the end
    peers["consumer"].throw()  # GreenletExit: finish the paused consumer now rather than at collection


def gevent_counter(tasks, increments):
    import gevent

    class Adder(gevent.Greenlet):
        total = 0

        def _run(self):
            for _ in range(increments):
                Adder.total += 1
                gevent.sleep()  # seconds=0: let the others run

    adders = [Adder() for _ in range(tasks)]
    for adder in adders:
        adder.start()
    gevent.joinall(adders, raise_error=True)
    return Adder.total


def gevent_producer_consumer(items, log):
    import gevent
    import gevent.queue

    box = gevent.queue.Queue(3)
    wanted = len(items)

    def consumer():
        got = 0
        while got < wanted:
            log("consume", box.get(block=True))
            got += 1

    reader = gevent.spawn(consumer)
    for item in items:  # the caller's own greenlet is the producer
        box.put(item, block=True, timeout=None)
        log("produce", item)
    reader.get()  # wait for the consumer; re-raises its error if it failed


def _step(i, seconds, log):
    import gevent

    log("start", i)
    gevent.sleep(seconds)
    log("end", i)


def syn(n, seconds, log):
    from gevent import monkey

    monkey.patch_all()  # inside the role, as the tutorial's program does at its top
    for i in range(n):
        _step(i, seconds, log)


def asy(n, seconds, log):
    import gevent
    from gevent import monkey

    monkey.patch_all()
    pending = [gevent.spawn_later(0, _step, i, seconds, log) for i in range(n)]
    gevent.wait(pending)
    failed = [g.exception for g in pending if not g.successful()]
    if failed:
        raise failed[0]
