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
from .harness.messages import hint, say
from .harness.queues import ImpatientQueue, dropped_reason, looker


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
    """The producer's items, as an iterator that notes how many were taken and may pause, or hold
    the first item until `first_after()` returns."""

    def __init__(self, items, pause=0.0, first_after=None):
        self.items, self.pause, self.taken, self.first_after = list(items), pause, 0, first_after

    def __iter__(self):
        if self.first_after:
            self.first_after()
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
            raise AssertionError(say(f"{what}: did not happen within {patience.generous:.0f} s",
                                     f"{what}：{patience.generous:.0f} 秒内没有做到"))
        time.sleep(0.001)


def start_consumers(queue_consumer, q, handle, count):
    """`count` consumers, each in a thread of its own: [PendingCall]."""
    return [PendingCall(lambda: queue_consumer(q, handle), f"consumer {k + 1}") for k in range(count)]


def consumers_ended(calls, handled, items, where):
    """Why the rest of the items are never taken, once every consumer has ended (None: one runs)."""
    if not all(call.done.is_set() for call in calls):
        return None
    with handled.lock:
        count = len(handled.items)
    return say(f"{where}: every queue_consumer ended when {count} of {len(items)} items had been handled (the first "
               f"{calls[0].outcome()}), so nobody takes the rest. A consumer keeps taking items for as long as the program "
               "runs: q.get() waits for the next one, and a queue found empty for a moment does not mean the producer is done",
               f"{where}：{len(items)} 个元素只处理了 {count} 个，每个 queue_consumer 就都结束了（第一个{calls[0].outcome()}），"
               "剩下的元素再也没有人取。消费者在程序运行期间要一直取元素：q.get() 会等待下一个元素，"
               "队列一时为空并不表示生产者已经结束")


def start_one_consumer(queue_consumer, q, handled):
    """The consumer in a thread; handled.enough is set once it has handled every item, and also as
    soon as it has ended (returned or raised) short of that."""
    def consume():
        try:
            return queue_consumer(q, handled)
        finally:
            handled.enough.set()
    return PendingCall(consume, "consumer")


items_strategy = st.lists(st.integers(), max_size=20).map(lambda xs: [(i, x) for i, x in enumerate(xs)])


@claim("prodcons.threads.every-item-consumed-once")
@given(items=items_strategy, consumers=st.integers(1, 3), maxsize=st.integers(1, 4), pause=st.sampled_from([0.0, 0.0, 0.005]),
       slow=st.booleans())
@example(items=[(0, 0), (1, 0), (2, 0)], consumers=1, maxsize=2, pause=0.005, slow=False)
# always run: a consumer slower than the producer, so the queue is full while items remain
@example(items=[(i, 0) for i in range(6)], consumers=1, maxsize=1, pause=0.0, slow=True)
def test_every_item_is_consumed_exactly_once(implementation, queue_producer, queue_consumer, patience, items, consumers, maxsize, pause, slow):
    with implementation.example_subject() as subject:  # its consumers never return: they end with it
        every_item_consumed_once(subject.role("queue_producer"), subject.role("queue_consumer"), patience, items, consumers, maxsize, pause, slow)


def every_item_consumed_once(queue_producer, queue_consumer, patience, items, consumers, maxsize, pause, slow):
    q, handled = ImpatientQueue(maxsize), Handled(len(items), slow=0.02 if slow else 0.0)
    calls = start_consumers(queue_consumer, q, handled, consumers)
    # The first item waits until each consumer has looked at the empty queue, so a consumer that
    # stops when it finds the queue empty is caught every time, not only when it wins a race. (This
    # runs in the producer's first step: its own looks at the queue do not count.)
    feed = Feed(items, pause, first_after=lambda: q.wait_for_lookers(consumers, patience.generous, besides=looker()))
    producer = PendingCall(lambda: queue_producer(q, feed), "producer")
    where = say(f"{len(items)} items, {consumers} consumer(s), queue of {maxsize}{', a slow producer' if pause else ''}"
                f"{', slow consumers' if slow else ''}",
                f"{len(items)} 个元素、{consumers} 个消费者、容量为 {maxsize} 的队列{'、生产者较慢' if pause else ''}"
                f"{'、消费者较慢' if slow else ''}")
    try:
        producer.assert_returns(say(f"queue_producer ({where})", f"调用 queue_producer（{where}）"), timeout=patience)
        assert not (dropped := q.dropped()), dropped_reason(dropped, where)
        assert_returns_promptly(handled.enough.wait, what=say(f"the consumers handling every item ({where}); handled {len(handled.items)}",
                                                              f"等待消费者处理完每个元素（{where}）；已处理 {len(handled.items)} 个"),
                                timeout=patience)
    except AssertionError:
        if not handled.enough.is_set() and (ended := consumers_ended(calls, handled, items, where)):
            raise AssertionError(ended) from None  # the producer blocked on a full queue, or items left: the consumers' doing
        raise
    with handled.lock:
        got = sorted(handled.items)
    assert got == items, say(f"{where}: produced {len(items)} items, handled {len(got)}: missing {(missing := sorted(set(items) - set(got)))}, "
                             f"extra {(extra := [x for x in got if got.count(x) > 1 or x not in items])}",
                             f"{where}：生产了 {len(items)} 个元素，处理了 {len(got)} 个：缺少 {missing}，多出 {extra}")
    # a main program knows the consumers are done when q.join() returns: each item must be marked done
    joiner = PendingCall(q.join, "q.join()")
    try:
        joiner.assert_returns("q.join()", timeout=patience)
    except AssertionError:
        if joiner.done.is_set():
            raise
        raise AssertionError(say(f"{where}: every item was handled, but q.join() never returned: queue_consumer did not call "
                                 f"q.task_done() for each item ({q.unfinished_tasks} of {len(items)} never marked done)",
                                 f"{where}：每个元素都已处理，q.join() 却始终没有返回：queue_consumer 没有为每个元素调用 "
                                 f"q.task_done()（{len(items)} 个元素中有 {q.unfinished_tasks} 个从未标记为完成）")
                             + hint("call q.task_done() once for every item got, after handle(item) (in a finally: block, "
                                    "so an item whose handling fails is marked done too)",
                                    "每取出一个元素，在 handle(item) 之后调用一次 q.task_done()（放在 finally: 块里，"
                                    "处理失败的元素也会被标记为完成）")) from None


@claim("prodcons.threads.one-consumer-keeps-order")
@given(items=items_strategy, consumer_first=st.booleans(), pause=st.sampled_from([0.0, 0.005]))
@example(items=[(0, 0), (1, 0), (2, 0)], consumer_first=False, pause=0.0)
def test_one_consumer_handles_items_in_production_order(implementation, queue_producer, queue_consumer, patience, items, consumer_first, pause):
    with implementation.example_subject() as subject:  # its consumer never returns: it ends with it
        one_consumer_keeps_order(subject.role("queue_producer"), subject.role("queue_consumer"), patience, items, consumer_first, pause)


def one_consumer_keeps_order(queue_producer, queue_consumer, patience, items, consumer_first, pause):
    q, handled = queue.Queue(len(items) + 1), Handled(len(items))
    consumer = start_one_consumer(queue_consumer, q, handled) if consumer_first else None
    assert_returns_promptly(lambda: queue_producer(q, Feed(items, pause)),
                            what=say("queue_producer into a queue with room", "调用 queue_producer，放入一个有空位的队列"), timeout=patience)
    if not consumer_first:  # everything is queued before the consumer starts
        consumer = start_one_consumer(queue_consumer, q, handled)
    assert_returns_promptly(handled.enough.wait, what=say("the consumer handling every item", "等待消费者处理完每个元素"), timeout=patience)
    with handled.lock:
        got = list(handled.items)
    expected = items
    if consumer_first and consumer.done.is_set():
        # It ended while items were still coming, having found the queue empty at some moment (when
        # depends on the schedule): the items it lost are every-item-consumed-once's; this claim
        # judges the order of those it handled.
        expected = items[:len(got)]
    ended = say(f"\nqueue_consumer {consumer.outcome()} after handling {len(got)} of {len(items)}",
                f"\nqueue_consumer 处理了 {len(items)} 个中的 {len(got)} 个之后{consumer.outcome()}") if consumer.done.is_set() else ""
    assert got == expected, say(f"produced in this order: {items}\nhandled in this order: {got}{ended}",
                                f"生产的顺序：{items}\n处理的顺序：{got}{ended}")


def judge_consumer(q, handle, count, timeout):
    """The judge's own consumer, where a spec judges the producer alone: takes `count` items."""
    def run():
        for _ in range(count):
            try:
                item = q.get(timeout=timeout)
            except queue.Empty:
                return  # the producer stopped short: the spec says so
            handle(item)
            q.task_done()
    threading.Thread(target=run, daemon=True, name="the judge's consumer").start()


@claim("prodcons.threads.producer-waits-when-full")
@given(maxsize=st.integers(1, 4), extra=st.integers(1, 4))
def test_the_producer_waits_while_the_queue_is_full(queue_producer, patience, maxsize, extra):
    # The consumer is the judge's: a consumer that gives up early fails its own claim
    # (every-item-consumed-once), not this one, and not only when its race is lost.
    items = list(range(maxsize + extra))
    q, handled = ImpatientQueue(maxsize), Handled(len(items))  # a timed put() on it, full, times out
    producer = PendingCall(lambda: queue_producer(q, Feed(items)), "producer")
    wait_until(q.full, patience, say(f"the producer filling an empty queue of {maxsize} ({len(items)} items, no consumer)",
                                     f"等待生产者填满容量为 {maxsize} 的空队列（{len(items)} 个元素，没有消费者）"))
    # a producer that drops what does not fit, or gives up, returns now; one that waits stays blocked
    where = say(f"queue_producer with {len(items)} items, a full queue of {maxsize} and no consumer",
                f"有 {len(items)} 个元素、容量为 {maxsize} 的队列已满且没有消费者时的 queue_producer")
    try:
        producer.assert_still_blocked(where, settle=0.05)
    except AssertionError:
        if dropped := q.dropped():  # it returned because it gave up on an item: say which
            raise AssertionError(dropped_reason(dropped, where)) from None
        raise
    assert q.qsize() == maxsize, say(f"the queue holds {(held := q.qsize())} items while the producer waits, expected {maxsize}",
                                     f"生产者等待时队列中有 {held} 个元素，应为 {maxsize}")
    judge_consumer(q, handled, len(items), patience.generous)
    producer.assert_returns(say("queue_producer once a consumer takes items", "消费者开始取元素之后的 queue_producer"), timeout=patience)
    assert not (dropped := q.dropped()), dropped_reason(dropped, where)
    assert_returns_promptly(handled.enough.wait, what=say("the consumer handling every item", "等待消费者处理完每个元素"), timeout=patience)
    assert handled.items == items, say(f"produced {items}, handled {handled.items}: the producer dropped or reordered items",
                                       f"生产了 {items}，处理了 {handled.items}：生产者丢掉了元素或打乱了顺序")
