"""队列 › 生产者和消费者模型 — a producer thread and consumer threads sharing a bounded queue.

The spec owns the queue (a queue.Queue) and the threads; the implementation provides the
producer's and the consumer's code. The items reach the producer through an iterator the spec
writes, so the spec sees how far the producer got, and may pace it (a deliberate pause between
items, so that a consumer finds the queue empty now and then).
"""
import queue
import threading
import time

from hypothesis import example, given
from hypothesis import strategies as st

from .harness import claim
from .harness.blocking import PendingCall, assert_returns_promptly


class Handled:
    """Items the consumers handled, in order; an event once `expected` have been handled."""

    def __init__(self, expected, slow=0.0):
        self.items, self.lock, self.expected, self.slow = [], threading.Lock(), expected, slow
        self.enough = threading.Event()
        if expected == 0:
            self.enough.set()

    def __call__(self, item):
        if self.slow:
            time.sleep(self.slow)  # a deliberately slow consumer: the queue fills while it works
        with self.lock:
            self.items.append(item)
            if len(self.items) >= self.expected:
                self.enough.set()


class Feed:
    """The producer's items, as an iterator that notes how many were taken and may pause."""

    def __init__(self, items, pause=0.0):
        self.items, self.pause, self.taken = list(items), pause, 0

    def __iter__(self):
        for index, item in enumerate(self.items):
            if self.pause and index:
                time.sleep(self.pause)  # a deliberate pause between items: a slow producer
            self.taken = index + 1
            yield item


def wait_until(predicate, patience, what):
    """Poll a condition the spec cannot wait on directly (a queue's fullness), within patience."""
    deadline = time.monotonic() + patience.seconds
    while not predicate():
        if time.monotonic() > deadline:
            patience.miss()
            raise AssertionError(f"{what}: did not happen within {patience.generous:.0f} s")
        time.sleep(0.001)


def start_consumers(queue_consumer, q, handle, count):
    for k in range(count):
        threading.Thread(target=queue_consumer, args=(q, handle), daemon=True, name=f"consumer {k + 1}").start()


items_strategy = st.lists(st.integers(), max_size=20).map(lambda xs: [(i, x) for i, x in enumerate(xs)])


@claim("prodcons.threads.every-item-consumed-once")
@given(items=items_strategy, consumers=st.integers(1, 3), maxsize=st.integers(1, 4), pause=st.sampled_from([0.0, 0.0, 0.005]),
       slow=st.booleans())
@example(items=[(0, 0), (1, 0), (2, 0)], consumers=1, maxsize=2, pause=0.005, slow=False)
# always run: a consumer slower than the producer, so the queue is full while items remain
@example(items=[(i, 0) for i in range(6)], consumers=1, maxsize=1, pause=0.0, slow=True)
def test_every_item_is_consumed_exactly_once(queue_producer, queue_consumer, patience, items, consumers, maxsize, pause, slow):
    q, handled = queue.Queue(maxsize), Handled(len(items), slow=0.02 if slow else 0.0)
    start_consumers(queue_consumer, q, handled, consumers)
    producer = PendingCall(lambda: queue_producer(q, Feed(items, pause)), "producer")
    where = (f"{len(items)} items, {consumers} consumer(s), queue of {maxsize}{', a slow producer' if pause else ''}"
             f"{', slow consumers' if slow else ''}")
    producer.assert_returns(f"queue_producer ({where})", timeout=patience)
    assert_returns_promptly(handled.enough.wait, what=f"the consumers handling every item ({where}); handled {len(handled.items)}", timeout=patience)
    with handled.lock:
        got = sorted(handled.items)
    assert got == items, f"{where}: produced {len(items)} items, handled {len(got)}: missing {sorted(set(items) - set(got))}, extra {[x for x in got if got.count(x) > 1 or x not in items]}"


@claim("prodcons.threads.one-consumer-keeps-order")
@given(items=items_strategy, consumer_first=st.booleans(), pause=st.sampled_from([0.0, 0.005]))
@example(items=[(0, 0), (1, 0), (2, 0)], consumer_first=False, pause=0.0)
def test_one_consumer_handles_items_in_production_order(queue_producer, queue_consumer, patience, items, consumer_first, pause):
    q, handled = queue.Queue(len(items) + 1), Handled(len(items))
    if consumer_first:
        start_consumers(queue_consumer, q, handled, 1)
    assert_returns_promptly(lambda: queue_producer(q, Feed(items, pause)), what="queue_producer into a queue with room", timeout=patience)
    if not consumer_first:  # everything is queued before the consumer starts
        start_consumers(queue_consumer, q, handled, 1)
    assert_returns_promptly(handled.enough.wait, what="the consumer handling every item", timeout=patience)
    with handled.lock:
        got = list(handled.items)
    assert got == items, f"produced in this order: {items}\nhandled in this order: {got}"


@claim("prodcons.threads.producer-waits-when-full")
@given(maxsize=st.integers(1, 4), extra=st.integers(1, 4))
def test_the_producer_waits_while_the_queue_is_full(queue_producer, queue_consumer, patience, maxsize, extra):
    items = list(range(maxsize + extra))
    q, handled = queue.Queue(maxsize), Handled(len(items))
    producer = PendingCall(lambda: queue_producer(q, Feed(items)), "producer")
    wait_until(q.full, patience, f"the producer filling an empty queue of {maxsize} ({len(items)} items, no consumer)")
    # a producer that drops what does not fit, or gives up, returns now; one that waits stays blocked
    producer.assert_still_blocked(f"queue_producer with {len(items)} items, a full queue of {maxsize} and no consumer", settle=0.05)
    assert q.qsize() == maxsize, f"the queue holds {q.qsize()} items while the producer waits, expected {maxsize}"
    start_consumers(queue_consumer, q, handled, 1)
    producer.assert_returns("queue_producer once a consumer takes items", timeout=patience)
    assert_returns_promptly(handled.enough.wait, what="the consumer handling every item", timeout=patience)
    assert handled.items == items, f"produced {items}, handled {handled.items}: the producer dropped or reordered items"
