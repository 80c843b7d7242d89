"""队列 — FIFO order, bounded blocking, and the unfinished-task counter, as a state machine.

The same machine runs against every queue that claims queue.Queue's semantics: the standard
library's and the implementation's own MyQueue.
"""
import collections
import queue

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

from specs.harness import claim
from specs.harness.blocking import assert_blocks_until, assert_returns_promptly

# A correct queue blocks until released, however short the settle; a broken one returns at once.
SETTLE = 0.03


class QueueCounterMachine(RuleBasedStateMachine):
    """The queue against a model: the items in it, and the count of unfinished tasks."""

    make_queue = None  # set by the spec: maxsize -> queue

    def __init__(self):
        super().__init__()
        self.items = collections.deque()
        self.unfinished = 0

    @initialize(maxsize=st.integers(0, 4))
    def create(self, maxsize):
        self.maxsize = maxsize
        self.q = self.make_queue(maxsize)

    def full(self):
        return 0 < self.maxsize <= len(self.items)

    @precondition(lambda self: not self.full())
    @rule(item=st.integers())
    def put(self, item):
        assert_returns_promptly(lambda: self.q.put(item), what="put() on a queue with room")
        self.items.append(item)
        self.unfinished += 1

    @precondition(lambda self: self.items)
    @rule()
    def get(self):
        got = assert_returns_promptly(self.q.get, what="get() on a non-empty queue")
        expected = self.items.popleft()
        assert got == expected, f"get() returned {got!r}; first in was {expected!r} (FIFO)"

    @precondition(lambda self: self.full())
    @rule(item=st.integers())
    def put_blocks_until_a_get(self, item):
        got = []
        assert_blocks_until(
            lambda: self.q.put(item),
            lambda: got.append(self.q.get()),
            what=f"put() on a full queue (maxsize {self.maxsize})",
            settle=SETTLE,
        )
        assert got == [self.items.popleft()], "the get() that made room returned the wrong item"
        self.items.append(item)
        self.unfinished += 1

    @precondition(lambda self: not self.items)
    @rule(item=st.integers())
    def get_blocks_until_a_put(self, item):
        got = assert_blocks_until(self.q.get, lambda: self.q.put(item), what="get() on an empty queue", settle=SETTLE)
        assert got == item, f"the blocked get() returned {got!r}, not the item {item!r} put to release it"
        self.unfinished += 1

    @precondition(lambda self: self.unfinished > 1)
    @rule()
    def task_done(self):
        self.q.task_done()
        self.unfinished -= 1

    @precondition(lambda self: self.unfinished == 0)
    @rule()
    def task_done_below_zero_raises(self):
        with pytest.raises(ValueError):
            self.q.task_done()

    @precondition(lambda self: self.unfinished == 0)
    @rule()
    def join_returns_at_zero(self):
        assert_returns_promptly(self.q.join, what="join() with no unfinished tasks")

    @precondition(lambda self: self.unfinished == 1)
    @rule()
    def join_blocks_until_last_task_done(self):
        detail = f"{len(self.items)} item(s) still queued" if self.items else "every item already taken out by get()"
        assert_blocks_until(
            self.q.join, self.q.task_done, what=f"join() with one unfinished task ({detail})", settle=SETTLE
        )
        self.unfinished = 0

    @invariant()
    def sizes_are_exact(self):
        if not hasattr(self, "q"):
            return
        n = len(self.items)
        assert self.q.qsize() == n, f"qsize() is {self.q.qsize()}, but {n} item(s) are in the queue"
        assert self.q.empty() == (n == 0), f"empty() is {self.q.empty()} with {n} item(s) in the queue"
        assert self.q.full() == self.full(), f"full() is {self.q.full()} with {n} of maxsize {self.maxsize}"


def stdlib_queue(maxsize):
    return queue.Queue(maxsize)


@pytest.fixture(params=["queue.Queue", "MyQueue"])
def queue_factory(request, implementation):
    if request.param == "queue.Queue":
        return stdlib_queue
    return implementation.role("MyQueue")


@claim(
    "queue.fifo",
    "queue.size-queries-exact-single-threaded",
    "queue.bounded.put-blocks-when-full",
    "queue.bounded.get-blocks-when-empty",
    "queue.counter.put-increments",
    "queue.counter.get-does-not-decrement",
    "queue.counter.task-done-decrements",
    "queue.counter.join-waits-for-zero",
)
def test_queue_behaves_like_its_model(queue_factory):
    machine = type("Machine", (QueueCounterMachine,), {"make_queue": staticmethod(queue_factory)})
    run_state_machine_as_test(machine, settings=settings(settings.default, stateful_step_count=25))
