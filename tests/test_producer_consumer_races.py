"""The producer/consumer specs give a consumer the same verdict whoever wins the race between it
and the producer: a consumer that stops the first time it finds the queue empty fails
every-item-consumed-once every time, and is judged by one-consumer-keeps-order on the order of
what it handled, never on what it lost. In the gevent version, the judge holds the consumer while
the producer fills the queue for as long as the producer keeps producing within the spec's
patience, not for a fixed time."""
import time

import pytest

from impl.producer_consumer import queue_consumer as consumer
from impl.producer_consumer import queue_producer as producer
from specs import test_producer_consumer as pc
from specs import test_gevent as tg
from specs.harness.blocking import Patience, PendingCall
from tests.bad.queue_consumer_batches_lifo import queue_consumer as handles_in_reverse
from tests.bad.queue_consumer_stops_when_empty import queue_consumer as stops_when_empty

ITEMS = [(i, 0) for i in range(5)]


def late(consumer_code, delay=0.1):
    """consumer_code starting `delay` s late: a producer that does not wait would be done by then."""
    def started_late(q, handle):
        time.sleep(delay)
        return consumer_code(q, handle)
    return started_late


def stops_after_one(q, handle):
    handle(q.get())
    q.task_done()


def looks_first(q, items):
    """A producer that looks at the queue before it produces (prints its size, say)."""
    q.qsize()
    producer(q, items)


def every_item(consumer_code, pause=0.0, producer_code=producer):
    pc.every_item_consumed_once(producer_code, consumer_code, Patience(generous=5), ITEMS, 1, 2, pause, False)


def in_order(consumer_code, consumer_first, pause=0.0):
    pc.one_consumer_keeps_order(producer, consumer_code, Patience(generous=5), ITEMS, consumer_first, pause)


def test_a_correct_consumer_passes_both_however_late_it_starts():
    for code in (consumer, late(consumer)):
        every_item(code)
        in_order(code, consumer_first=True)
        in_order(code, consumer_first=False)


@pytest.mark.parametrize("code", [stops_when_empty, late(stops_when_empty)], ids=["prompt", "late"])
@pytest.mark.parametrize("producer_code", [producer, looks_first])
def test_a_consumer_that_stops_when_empty_loses_items_even_when_it_starts_late(code, producer_code):
    # the first item waits until the consumer has looked at the empty queue (the producer's own
    # looks do not count): late or not, it stops
    with pytest.raises(AssertionError, match="when 0 of 5 items had been handled"):
        every_item(code, producer_code=producer_code)


@pytest.mark.parametrize("pause", [0.0, 0.005])
def test_the_order_claim_judges_what_a_consumer_that_stopped_early_handled(pause):
    in_order(stops_when_empty, consumer_first=True, pause=pause)  # whatever it handled, it handled in order
    in_order(late(stops_when_empty), consumer_first=True, pause=pause)
    in_order(stops_when_empty, consumer_first=False, pause=pause)  # every item was queued before it started


def test_a_consumer_that_ends_with_items_it_found_queued_fails_the_order_claim():
    with pytest.raises(AssertionError, match="after handling 1 of 5"):
        in_order(stops_after_one, consumer_first=False)


def test_a_consumer_that_reverses_what_it_found_queued_fails_the_order_claim():
    with pytest.raises(AssertionError, match="handled in this order"):
        in_order(handles_in_reverse, consumer_first=False)


def held_consumer(patience, produce_after):
    """A consumer held by the gevent spec's log while a producer logs an item after each delay in
    `produce_after`; how many items it had produced when the consumer was let go."""
    log = tg.ConsumerHeldLog(expected=3, bound=3, patience=patience)
    consumer = PendingCall(lambda: log("consume", 0), "the held consumer")
    for item, delay in enumerate(produce_after):
        time.sleep(delay)  # the producer's own pace (not a wait for something)
        log("produce", item)
    consumer.assert_returns("the held consumer", timeout=30)
    return log.held_at


def test_the_held_gevent_consumer_waits_for_a_slow_producer_within_the_patience():
    patience = Patience(generous=10)
    assert held_consumer(patience, [0, 2.1, 2.1]) == 3 and not patience.missed  # slower than any fixed 2-s window


def test_the_held_gevent_consumer_is_let_go_when_the_producer_stops():
    patience = Patience(generous=0.5)
    assert held_consumer(patience, [0]) == 1 and patience.missed  # its put() waits: the spec says so
