"""The threaded producer/consumer model (队列 › 生产者和消费者模型): a producer puts items into a
shared queue, consumers take them out and process them."""
__all__ = ["queue_producer", "queue_consumer"]


def queue_producer(q, items):
    """Put every item into q in order; put() waits while a bounded queue is full."""
    for item in items:
        q.put(item)


def queue_consumer(q, handle):
    """Forever: take the next item, process it, mark it done (even if processing raised)."""
    while True:
        item = q.get()
        try:
            handle(item)
        finally:
            q.task_done()
