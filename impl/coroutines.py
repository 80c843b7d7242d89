"""协程: the tutorial's generator and greenlet producer/consumer programs, as roles.

Corrected where the tutorial's code needs it: the greenlet program keeps its two greenlets in
local variables instead of module globals, and nothing sleeps (the tutorial's one-second sleeps
only slow the demonstration down). Each program reports what it does through `log(event, item)`
instead of print().
"""
__all__ = ["gen_consumer", "gen_producer", "greenlet_producer_consumer"]


def gen_consumer(log):
    """A generator: prime it with next(); then every send(item) hands it one item to consume."""
    while True:
        item = yield
        log("consume", item)


def gen_producer(items, log):
    """Produce each item and hand it to a primed gen_consumer, one at a time, in order."""
    consumer = gen_consumer(log)
    next(consumer)  # run the consumer to its first yield, where it can receive a value
    for item in items:
        log("produce", item)
        consumer.send(item)
    consumer.close()


def greenlet_producer_consumer(items, log):
    """Two greenlets: the producer switches each item to the consumer, the consumer switches back."""
    from greenlet import greenlet

    def consumer():
        while True:
            item = producer_g.switch()  # back to the producer, until it sends the next item
            log("consume", item)

    def producer():
        for item in items:
            log("produce", item)
            consumer_g.switch(item)  # the consumer's paused switch() returns item
            log("done", item)

    consumer_g = greenlet(consumer)
    producer_g = greenlet(producer)
    consumer_g.switch()  # returns here when the producer finishes (its parent is this greenlet)
