"""The tutorial's gevent producer/consumer over `Queue(1)` instead of `Queue(3)`: every item is
produced and consumed in order, and the producer is never more than three ahead, but its put()
already waits with one item pending, not three."""


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

    que = Queue(1)  # the wrong bound
    gevent.joinall([gevent.spawn(producer, que), gevent.spawn(consumer, que)], raise_error=True)
