"""A consumer with two yields per round (`item = yield` to receive, then a bare `yield` meant
to "give control back"): every second send() lands on the bare yield and its item is lost."""


def gen_consumer(log):
    while True:
        item = yield
        log("consume", item)
        yield  # "hand control back to the producer": swallows the next item


def gen_producer(items, log):
    consumer = gen_consumer(log)
    next(consumer)
    for item in items:
        log("produce", item)
        consumer.send(item)
    consumer.close()
