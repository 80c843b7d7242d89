"""A producer that never waits: put_nowait(), and an item that does not fit into the full queue is
silently dropped."""
import queue


def queue_producer(q, items):
    for item in items:
        try:
            q.put_nowait(item)
        except queue.Full:
            pass


def queue_consumer(q, handle):
    while True:
        item = q.get()
        try:
            handle(item)
        finally:
            q.task_done()

