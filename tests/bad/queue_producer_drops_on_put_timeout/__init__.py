"""The producer waits while the queue is full -- but only up to one second, then drops the item."""
import queue


def queue_producer(q, items):
    for item in items:
        try:
            q.put(item, timeout=1)  # "never hang forever"
        except queue.Full:
            pass  # bug: a consumer slower than 1 s per item loses items


def queue_consumer(q, handle):
    while True:
        item = q.get()
        try:
            handle(item)
        finally:
            q.task_done()
