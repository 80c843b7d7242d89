"""A consumer that drains whatever is queued into a list and processes the batch with list.pop(),
which takes from the end: every batch of more than one item is handled last-first."""
import queue


def queue_producer(q, items):
    for item in items:
        q.put(item)


def queue_consumer(q, handle):
    while True:
        batch = [q.get()]
        while True:
            try:
                batch.append(q.get_nowait())
            except queue.Empty:
                break
        while batch:
            handle(batch.pop())
            q.task_done()
