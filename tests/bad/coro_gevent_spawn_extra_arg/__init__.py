"""The tutorial's gevent producer/consumer as written: producer and consumer take no argument,
but are spawned with the queue as one (gevent.spawn(producer, que)). Both greenlets die with
TypeError before doing anything; joinall() returns anyway, and nothing is produced or consumed."""


def gevent_producer_consumer(items, log):
    import gevent
    from gevent.queue import Queue

    que = Queue(3)

    def producer():
        for item in items:
            que.put(item)
            log("produce", item)

    def consumer():
        for _ in range(len(items)):
            log("consume", que.get())

    pro = gevent.spawn(producer, que)
    con = gevent.spawn(consumer, que)
    gevent.joinall([pro, con])
