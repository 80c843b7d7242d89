"""A consumer that loops `while not q.empty()`: it stops for good the first time it finds the
queue empty, which happens whenever the producer is slower than the consumer, or has not started
yet, and the items produced after that are never consumed."""


def queue_producer(q, items):
    for item in items:
        q.put(item)


def queue_consumer(q, handle):
    while not q.empty():
        item = q.get()
        handle(item)
        q.task_done()
