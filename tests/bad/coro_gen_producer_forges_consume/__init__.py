"""gen_consumer is a real generator, but gen_producer never uses it: it logs each item's produce and
consume steps itself, so the trace alternates though no item ever reaches a consumer generator."""


def gen_consumer(log):
    while True:
        item = yield
        log("consume", item)


def gen_producer(items, log):
    for item in items:
        log("produce", item)
        log("consume", item)  # no consumer created, nothing sent: the consume step is forged
