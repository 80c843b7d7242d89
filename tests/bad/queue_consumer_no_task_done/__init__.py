"""A consumer that takes and handles every item in order but never calls q.task_done(): every
item is consumed once, yet the queue's unfinished-task count never goes down, so a main program
that waits with q.join() (the tutorial's way of knowing the consumers are done) waits forever."""


def queue_producer(q, items):
    for item in items:
        q.put(item)


def queue_consumer(q, handle):
    while True:
        item = q.get()
        handle(item)  # BUG: no q.task_done()
