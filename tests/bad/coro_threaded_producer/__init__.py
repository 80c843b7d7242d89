"""A producer/consumer built from the 队列 chapter instead of generators: the consumer is a thread
reading a queue.Queue, and the producer waits (queue.join()) after each item until it is consumed.
The steps alternate as they should, but they run on two threads: it is not a coroutine program."""
import queue
import threading

STOP = object()


def gen_consumer(log):
    while True:
        item = yield
        log("consume", item)


def gen_producer(items, log):
    q = queue.Queue()

    def consume():
        while True:
            item = q.get()
            if item is STOP:
                q.task_done()
                return
            log("consume", item)
            q.task_done()

    worker = threading.Thread(target=consume, daemon=True)
    worker.start()
    for item in items:
        log("produce", item)
        q.put(item)
        q.join()  # wait until the consumer has taken it
    q.put(STOP)
    worker.join(10)
