"""The tutorial's gevent producer/consumer with `Queue()` where it says `Queue(3)`: nothing bounds
the queue, so the producer never waits in put() and runs as far ahead of the consumer as it likes.
Every item is still produced and consumed in order."""


def gevent_producer_consumer(items, log):
    import gevent
    from gevent.queue import Queue

    def producer(que):
        for item in items:
            que.put(item)
            log("produce", item)

    def consumer(que):
        for _ in range(len(items)):
            item = que.get()
            log("consume", item)

    que = Queue()  # unbounded: the tutorial's Queue(3) lost its size
    gevent.joinall([gevent.spawn(producer, que), gevent.spawn(consumer, que)], raise_error=True)
