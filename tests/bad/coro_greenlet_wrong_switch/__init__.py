"""The greenlet producer/consumer with the producer switching to the wrong greenlet: it switches
the item to itself (pro.switch(item) where it meant con.switch(item)). Switching to the running
greenlet just returns the value, so the consumer never receives anything."""
from greenlet import greenlet


def greenlet_producer_consumer(items, log):
    def consumer():
        while True:
            item = pro.switch()
            log("consume", item)

    def producer():
        for item in items:
            log("produce", item)
            pro.switch(item)  # should be con.switch(item)
            log("done", item)

    con = greenlet(consumer)
    pro = greenlet(producer)
    con.switch()
