"""The generator producer/consumer with the consumer never primed: the producer creates the
consumer and sends it the first item straight away, forgetting next(con). A generator that has not
reached its first yield cannot receive a value: send() raises TypeError."""


def gen_consumer(log):
    while True:
        item = yield
        log("consume", item)


def gen_producer(items, log):
    con = gen_consumer(log)  # not primed: no next(con)
    for item in items:
        log("produce", item)
        con.send(item)
