"""The consumer stops when the queue stays empty for a second, instead of taking len(items) items."""


def gevent_producer_consumer(items, log):
    import gevent
    from gevent.queue import Queue, Empty

    def producer(que):
        for item in items:
            que.put(item)
            log("produce", item)

    def consumer(que):
        while True:
            try:
                item = que.get(timeout=1)  # bug: a producer slower than 1 s loses the rest
            except Empty:
                return
            log("consume", item)

    que = Queue(3)
    gevent.joinall([gevent.spawn(producer, que), gevent.spawn(consumer, que)], raise_error=True)
