"""队列 — FIFO order, bounded blocking, the non-waiting forms, and the unfinished-task counter.

Each claim has its own spec, so a queue with one mistake fails only the claim that names it. The
four counter claims share one state machine (and a check that a put() that raised Full counts
nothing): when one of its observations fails, a few small probes on fresh queues find which
operation is wrong, and only that operation's claim fails.

Every spec runs against each queue that claims queue.Queue's semantics: queue.Queue,
multiprocessing.JoinableQueue, gevent's JoinableQueue (the same checks, run in a fresh,
monkey-patched interpreter), asyncio.Queue (driven from threads, see AsyncioQueue) and the
implementation's own MyQueue.
"""
import asyncio
import collections
import contextlib
import queue
import threading
import time

import pytest

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule, run_state_machine_as_test

from .harness import ClaimViolation, claim
from .harness import fresh, layout
from .harness.checks import hinted
from .harness.blocking import AFTER_TRIGGER, Patience, PendingCall, assert_returns_promptly, assert_stays_blocked
from .harness.messages import Words, has_hint, hint, reason_lang, say, set_reason_lang

# A correct queue blocks until released, however short the settle; a broken one returns at once
# (a condition-variable wake-up takes well under a millisecond).
SETTLE = 0.03
# A timed call's timeout: far beyond the patience a released call has to return (AFTER_TRIGGER at
# most), so a call that sleeps through its timeout instead of being woken is still blocked then.
LONG_TIMEOUT = 30 * AFTER_TRIGGER
# Big enough never to fill in the counter machine, which is about the counter, not the bound.
ROOMY = 1000
# A hint in both languages: hint(X.en, X.zh) (the English is what tests/bad/*/expect.py HINTS match)


class QueueKind:
    """How to make one kind of queue, and what it promises."""

    def __init__(self, name, make, empty_is_exact=True):
        self.name, self.make, self.empty_is_exact = name, make, empty_is_exact
        self.made = []

    def renew(self):
        """After an example left calls blocked for good (nothing to do for the runtime's queues)."""

    def preempting(self, *maxsize):
        """A queue for the many-threads check: the runtime's queues are used as they are."""
        return self(*maxsize)

    def __call__(self, *maxsize):
        q = self.make(*maxsize)
        self.made.append(q)
        return q

    def close_all(self):
        for q in self.made:
            if hasattr(q, "cancel_join_thread"):  # multiprocessing: never wait for the feeder thread
                q.cancel_join_thread()
                q.close()
            if hasattr(q, "shut_down"):  # asyncio: its loop's thread ends with it
                q.shut_down()
        self.made.clear()


class RoleQueueKind(QueueKind):
    """The implementation's MyQueue, in the spec's subject."""

    def __init__(self, implementation):
        self.implementation = implementation
        super().__init__("MyQueue", implementation.role("MyQueue"))
        self.subject = implementation.subject()

    def renew(self):
        """Later examples get a fresh subject, so they neither share the stranded threads of an
        example that left calls blocked for good nor fail because of them."""
        self.subject = self.implementation.start_subject()
        self.make = self.subject.role("MyQueue")

    def preempting(self, *maxsize):
        """A MyQueue whose calls yield the CPU at every line of the package (subject.Harness.preempting)."""
        q = self.subject.harness("preempting", "MyQueue", *maxsize)
        self.made.append(q)
        return q


def _mp_joinable(*maxsize):
    import multiprocessing

    return multiprocessing.JoinableQueue(*maxsize)


def _gevent_joinable(*maxsize):
    from gevent.queue import JoinableQueue

    return JoinableQueue(*maxsize)


class AsyncioQueue:
    """asyncio.Queue, driven from threads: each call runs on one event loop in a thread of its own
    (run_coroutine_threadsafe), and speaks queue.Queue's interface. A get() that waits is a
    coroutine waiting on the loop while the calling thread waits for its result."""

    def __init__(self, maxsize=0):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="asyncio loop", daemon=True)
        self._thread.start()
        self._queue = self._run(self._make(maxsize))  # made on its loop: 3.8 and 3.9 bind it there
        self.maxsize = maxsize

    @staticmethod
    async def _make(maxsize):
        return asyncio.Queue(maxsize)

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def _call(self, method, *args):
        async def call():
            return method(*args)

        return self._run(call())

    async def _waiting(self, coroutine, timeout, empty_or_full):
        try:
            return await asyncio.wait_for(coroutine, timeout)
        except asyncio.TimeoutError:
            raise empty_or_full from None

    def put(self, item, block=True, timeout=None):
        if not block:
            return self.put_nowait(item)
        return self._run(self._waiting(self._queue.put(item), timeout, queue.Full))

    def get(self, block=True, timeout=None):
        if not block:
            return self.get_nowait()
        return self._run(self._waiting(self._queue.get(), timeout, queue.Empty))

    def put_nowait(self, item):
        try:
            return self._call(self._queue.put_nowait, item)
        except asyncio.QueueFull:
            raise queue.Full from None

    def get_nowait(self):
        try:
            return self._call(self._queue.get_nowait)
        except asyncio.QueueEmpty:
            raise queue.Empty from None

    def task_done(self):
        return self._call(self._queue.task_done)

    def join(self):
        return self._run(self._queue.join())

    def qsize(self):
        return self._call(self._queue.qsize)

    def empty(self):
        return self._call(self._queue.empty)

    def full(self):
        return self._call(self._queue.full)

    def shut_down(self):
        """Cancel what still waits (its callers get CancelledError), then stop the loop."""

        async def cancel_the_rest():
            for task in asyncio.all_tasks() - {asyncio.current_task()}:
                task.cancel()

        self._run(cancel_the_rest())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def queue_kind(name, implementation=None):
    if name == "queue.Queue":
        return QueueKind(name, queue.Queue)
    if name == "multiprocessing.JoinableQueue":
        # its put() hands the item to a feeder thread: empty() may lag (see the claim's note)
        return QueueKind(name, _mp_joinable, empty_is_exact=False)
    if name == "gevent.queue.JoinableQueue":
        return QueueKind(name, _gevent_joinable)
    if name == "asyncio.Queue":
        return QueueKind(name, AsyncioQueue)
    return RoleQueueKind(implementation)


@pytest.fixture(params=["queue.Queue", "multiprocessing.JoinableQueue", "asyncio.Queue", "MyQueue"])
def make_queue(request, implementation):
    kind = queue_kind(request.param, implementation)
    yield kind
    kind.close_all()


def _put(q, item, what):
    assert_returns_promptly(lambda: q.put(item), what=what)


def _get(q, what):
    return assert_returns_promptly(q.get, what=what)


# ---- the checks: plain functions of a queue factory and Hypothesis-drawn inputs ----


def check_fifo(make_queue, items):
    q = make_queue(len(items) + 1)
    for item in items:
        _put(q, item, say(f"{make_queue.name}: put() on a queue with room", f"{make_queue.name}：对有空位的队列调用 put()"))
    got = [_get(q, say(f"{make_queue.name}: get() on a non-empty queue", f"{make_queue.name}：对非空队列调用 get()")) for _ in items]
    lifo = len(items) > 1 and got == items[::-1] and got != items
    lifo_hint = hint("get() took the newest item first: take from the front (deque.popleft()), not the end (pop())",
                     "get() 先取出了最后放入的元素：应当从队头取（deque.popleft()），而不是从队尾取（pop()）") if lifo else ""
    assert got == items, say(f"{make_queue.name}: put {items!r} in this order, get() returned them as {got!r}",
                             f"{make_queue.name}：按 {items!r} 的顺序 put()，get() 返回的顺序却是 {got!r}") + lifo_hint


def check_sizes(make_queue, maxsize, ops):
    q, n = make_queue(maxsize), 0
    for step, want_put in enumerate(ops, 1):
        if (want_put and n < maxsize) or n == 0:
            _put(q, step, say(f"{make_queue.name}: put() on a queue with room", f"{make_queue.name}：对有空位的队列调用 put()"))
            n, did = n + 1, "put()"
        else:
            _get(q, say(f"{make_queue.name}: get() on a non-empty queue", f"{make_queue.name}：对非空队列调用 get()"))
            n, did = n - 1, "get()"
        where = say(f"{make_queue.name}(maxsize={maxsize}) after step {step} ({did}), holding {n} item(s)",
                    f"{make_queue.name}(maxsize={maxsize}) 第 {step} 步（{did}）之后应持有 {n} 个元素")
        # (each message asks the queue once, as the check did: := keeps that value for the Chinese)
        assert q.qsize() == n, say(f"{where}: qsize() is {(said := q.qsize())}", f"{where}：qsize() 却是 {said}")
        if make_queue.empty_is_exact:
            assert q.empty() == (n == 0), say(f"{where}: empty() is {(said := q.empty())}", f"{where}：empty() 却是 {said}")
        assert q.full() == (n == maxsize), say(f"{where}: full() is {(said := q.full())}", f"{where}：full() 却是 {said}")


def check_unbounded(make_queue, maxsize, count):
    args = () if maxsize is None else (maxsize,)
    made = f"{make_queue.name}({'' if maxsize is None else maxsize})"
    q = make_queue(*args)
    for i in range(count):
        assert not q.full(), (say(f"{made}: full() is True with {i} item(s); only a positive maxsize bounds a queue",
                                  f"{made}：只有 {i} 个元素时 full() 就是 True；只有正的 maxsize 才限制队列的长度")
                              + hint("treat maxsize <= 0 as no bound, as queue.Queue does: full() is then always False",
                                     "像 queue.Queue 那样把 maxsize <= 0 当作没有上限：这时 full() 永远是 False"))
        _put(q, i, say(f"{made}: put() of item {i + 1} (a queue without a positive maxsize never fills)",
                       f"{made}：put() 第 {i + 1} 个元素（maxsize 不是正数的队列永远不会满）"))
    assert q.qsize() == count, say(f"{made}: qsize() is {(said := q.qsize())} after {count} put()s",
                                   f"{made}：{count} 次 put() 之后 qsize() 却是 {said}")


def waiting_puts(q, item):
    """put(item) in each form that puts it when there is room: {form: (label, call)}."""
    return {
        "put": (f"put({item!r})", lambda: q.put(item)),
        "put_nowait": (f"put_nowait({item!r})", lambda: q.put_nowait(item)),
        "block=False": (f"put({item!r}, block=False)", lambda: q.put(item, block=False)),
        "timeout": (f"put({item!r}, timeout={LONG_TIMEOUT:g})", lambda: q.put(item, timeout=LONG_TIMEOUT)),
    }


def waiting_gets(q):
    """get() in each form that takes an item when there is one: {form: (label, call)}."""
    return {
        "get": ("get()", q.get),
        "get_nowait": ("get_nowait()", q.get_nowait),
        "block=False": ("get(block=False)", lambda: q.get(block=False)),
        "timeout": (f"get(timeout={LONG_TIMEOUT:g})", lambda: q.get(timeout=LONG_TIMEOUT)),
    }


def release_hint(blocked, by, timed, released_by):
    """The usual causes of a blocked `blocked`() ("get" or "put") that a `by`() did not release."""
    nowait, block_false = (f"{by}_nowait(x)", f"{by}(x, block=False)") if by == "put" else (f"{by}_nowait()", f"{by}(block=False)")
    lines = ""
    if timed:
        lines += hint(f"a {blocked}() with a timeout must wait on the Condition (wait(timeout) or wait_for(predicate, timeout)), "
                      f"which a {by}() wakes at once, not sleep through the timeout and look once",
                      f"带超时的 {blocked}() 必须在 Condition 上等待（wait(timeout) 或 wait_for(predicate, timeout)），"
                      f"{by}() 会立即唤醒它；而不是睡满整个超时时间再看一次")
    if released_by != by:
        lines += hint(f"every form of {by}() must notify the Condition a blocked {blocked}() waits on, {nowait} included: "
                      f"write {nowait} as {block_false}",
                      f"{by}() 的每一种形式（包括 {nowait}）都必须通知被阻塞的 {blocked}() 所等待的 Condition："
                      f"把 {nowait} 写成 {block_false}")
    return lines or hint(f"{by}() must notify the Condition a blocked {blocked}() waits on",
                         f"{by}() 必须通知被阻塞的 {blocked}() 所等待的 Condition")


def blocks_until_released(blocking, release, what, block_hint, stuck_hint, patience):
    """`blocking()` must block, and return once `release()` made it possible: soon after, within
    the patience (far less than any timeout it was given). Returns what it returned. `block_hint`:
    Words for a call that did not block; `stuck_hint`: the hint lines for one still blocked after
    the release."""
    with hinted(block_hint.en, block_hint.zh):
        call = assert_stays_blocked(blocking, what=what, settle=SETTLE)
    release()
    try:
        return call.assert_returns(what, timeout=patience)
    except AssertionError as stuck:
        if call.done.is_set():
            raise  # what the call itself raised
        raise AssertionError(f"{stuck}{stuck_hint}") from None


def check_put_blocks(make_queue, maxsize, item, timed=False, released_by="get", patience=AFTER_TRIGGER):
    q = make_queue(maxsize)
    for i in range(maxsize):
        _put(q, i, say(f"{make_queue.name}(maxsize={maxsize}): put() of item {i + 1}",
                       f"{make_queue.name}(maxsize={maxsize})：put() 第 {i + 1} 个元素"))
    # (which item the get() returns, and the sizes after, are other claims' business)
    if not make_queue.empty_is_exact and released_by in ("get_nowait", "block=False"):
        # its items reach a get through a feeder thread: get_nowait() may not see them yet (as empty())
        released_by = "get"
    label, blocking = waiting_puts(q, item)["timeout" if timed else "put"]
    by, release = waiting_gets(q)[released_by]
    blocks_until_released(
        blocking,
        lambda: assert_returns_promptly(release, what=say(f"{by} on a full queue", f"对已满的队列调用 {by}")),
        say(f"{make_queue.name}(maxsize={maxsize}): {label} on the full queue, released by a {by}",
            f"{make_queue.name}(maxsize={maxsize})：对已满的队列调用 {label}，应由一次 {by} 放行"),
        Words("put() with block=True must wait for room (on a threading.Condition) instead of raising or returning; "
              "Full is only for block=False or a timeout that ran out",
              "block=True 的 put() 必须（在 threading.Condition 上）等到有空位，而不是抛出异常或直接返回；"
              "只有 block=False 或超时用完时才抛出 Full"),
        release_hint("put", "get", timed, released_by),
        patience,
    )


def check_get_blocks(make_queue, item, timed=False, released_by="put", patience=AFTER_TRIGGER):
    q = make_queue(2)
    label, blocking = waiting_gets(q)["timeout" if timed else "get"]
    by, release = waiting_puts(q, item)[released_by]
    got = blocks_until_released(
        blocking,
        lambda: assert_returns_promptly(release, what=say(f"{by} on an empty queue", f"对空队列调用 {by}")),
        say(f"{make_queue.name}: {label} on an empty queue, released by a {by}",
            f"{make_queue.name}：对空队列调用 {label}，应由一次 {by} 放行"),
        Words("get() with block=True must wait for an item (on a threading.Condition) instead of raising or returning; "
              "Empty is only for block=False or a timeout that ran out",
              "block=True 的 get() 必须（在 threading.Condition 上）等到有元素，而不是抛出异常或直接返回；"
              "只有 block=False 或超时用完时才抛出 Empty"),
        release_hint("get", "put", timed, released_by),
        patience,
    )
    assert got == item, say(f"the blocked {label} returned {got!r}, not the item {item!r} put to release it",
                            f"被阻塞的 {label} 返回了 {got!r}，而不是为放行它而放入的元素 {item!r}")


def non_waiting_puts(q, item):
    """put(item) in each form that may not wait for room: {form: (label, call)}."""
    return {
        "nowait": (f"put_nowait({item!r})", lambda: q.put_nowait(item)),
        "block=False": (f"put({item!r}, block=False)", lambda: q.put(item, block=False)),
        "timeout": (f"put({item!r}, timeout=0.01)", lambda: q.put(item, timeout=0.01)),
        "timeout=0": (f"put({item!r}, timeout=0)", lambda: q.put(item, timeout=0)),
    }


def non_waiting_gets(q):
    """get() in each form that may not wait for an item: {form: (label, call)}."""
    return {
        "nowait": ("get_nowait()", q.get_nowait),
        "block=False": ("get(block=False)", lambda: q.get(block=False)),
        "timeout": ("get(timeout=0.01)", lambda: q.get(timeout=0.01)),
        "timeout=0": ("get(timeout=0)", lambda: q.get(timeout=0)),
    }


def check_nowait(make_queue, maxsize, form, patience=AFTER_TRIGGER):
    q = make_queue(maxsize)
    for i in range(maxsize):
        _put(q, i, say(f"{make_queue.name}(maxsize={maxsize}): put() of item {i + 1}",
                       f"{make_queue.name}(maxsize={maxsize})：put() 第 {i + 1} 个元素"))
    for (label, call), error, state in ((non_waiting_puts(q, "x")[form], queue.Full, "full"),
                                        (non_waiting_gets(q)[form], queue.Empty, "empty")):
        state_zh = {"full": "已满的", "empty": "空"}[state]
        # timeout=0 is the non-waiting form spelled as a timeout (queue.Queue: it raises at once)
        zero = hinted(f"timeout=0 means do not wait: raise queue.{error.__name__} at once, as queue.Queue does "
                      "(`timeout or None` turns 0 into None, which waits for ever: test `timeout is None`)",
                      f"timeout=0 的意思是不等待：像 queue.Queue 那样立即抛出 queue.{error.__name__}"
                      "（`timeout or None` 会把 0 变成 None，也就是永远等待：应当判断 `timeout is None`）")
        try:
            with zero if form == "timeout=0" else contextlib.nullcontext():
                value = assert_returns_promptly(call, what=say(f"{make_queue.name}: {label} on a {state} queue",
                                                               f"{make_queue.name}：对{state_zh}队列调用 {label}"), timeout=patience)
        except error:
            pass
        else:
            raise AssertionError(say(f"{make_queue.name}: {label} on a {state} queue returned {value!r}; expected queue.{error.__name__}",
                                     f"{make_queue.name}：对{state_zh}队列调用 {label} 返回了 {value!r}；应当抛出 queue.{error.__name__}")
                                 + hint(f"a put() or get() that may not wait raises queue.{error.__name__} (import queue) "
                                        "instead of returning a value",
                                        f"不允许等待的 put() 或 get() 应当抛出 queue.{error.__name__}（import queue），而不是返回一个值"))
        if state == "full":
            for _ in range(maxsize):
                _get(q, say("get() on a non-empty queue", "对非空队列调用 get()"))


def check_full_put(make_queue, maxsize, form, patience=AFTER_TRIGGER):
    """A put() that raised queue.Full put nothing, so it counts nothing: once every item that went
    in was got and marked done, join() returns."""
    name = f"{make_queue.name}(maxsize={maxsize})"
    q = make_queue(maxsize)
    for i in range(maxsize):
        _put(q, i, say(f"{name}: put() of item {i + 1}", f"{name}：put() 第 {i + 1} 个元素"))
    label, call = non_waiting_puts(q, "x")[form]
    try:
        assert_returns_promptly(call, what=say(f"{name}: {label} on the full queue", f"{name}：对已满的队列调用 {label}"),
                                timeout=patience)
    except queue.Full:
        pass
    else:
        return  # it did not raise Full: queue.nowait-raises-full-or-empty's business
    steps = say(f"{name}: filled with {maxsize} item(s), then {label} raised queue.Full, then each item was got and marked done "
                f"(get(), task_done())",
                f"{name}：放满 {maxsize} 个元素，然后 {label} 抛出了 queue.Full，之后每个元素都已取出并标记为完成（get()、task_done()）")
    for _ in range(maxsize):
        _get(q, say(f"{name}: get() on a non-empty queue", f"{name}：对非空队列调用 get()"))
    try:
        for _ in range(maxsize):
            assert_returns_promptly(q.task_done, what=say(f"{name}: task_done()", f"{name}：调用 task_done()"))
    except ValueError as exc:
        raise blame(make_queue, DONE, say(f"{steps}: a task_done() raised ValueError ({exc})",
                                          f"{steps}：其中一次 task_done() 抛出了 ValueError（{exc}）")) from None
    joiner = PendingCall(q.join, "join()")
    try:
        joiner.assert_returns("join()", timeout=patience)
    except AssertionError:
        if joiner.done.is_set():
            raise  # what join() itself raised
        violation = blame(make_queue, PUT, say(f"{steps}: join() still blocked, as if the put() that raised Full were an unfinished task",
                                               f"{steps}：join() 仍然阻塞，就好像那次抛出 Full 的 put() 也是一个未完成任务"))
        if not has_hint(violation.args[0]):
            violation.args = (violation.args[0] + hint(
                "add one to the unfinished-task count only once the item is in the queue: a put() that raises queue.Full "
                "puts nothing, so it counts nothing",
                "只有元素真正放进队列之后，才把未完成任务计数加一：抛出 queue.Full 的 put() 什么也没放进去，所以不计数"),)
        raise violation from None


# ---- the counter: a state machine, with attribution of a failure to one claim ----

PUT, GET, DONE, JOIN = (
    "queue.counter.put-increments",
    "queue.counter.get-does-not-decrement",
    "queue.counter.task-done-decrements",
    "queue.counter.join-waits-for-zero",
)

# The usual cause once a probe has named the wrong operation (queue.Queue's own bookkeeping).
COUNTER_HINTS = {
    PUT: Words("put() must add one to the unfinished-task count that join() waits on",
          "put() 必须把 join() 所等待的未完成任务计数加一"),
    GET: Words("get() must leave the unfinished-task count alone: only task_done() lowers it",
          "get() 不能改动未完成任务计数：只有 task_done() 才会把它减一"),
    DONE: Words("task_done() lowers the count by one, raises ValueError below zero, and wakes every join() (notify_all) at zero",
           "task_done() 把计数减一；若会减到零以下就抛出 ValueError；减到零时唤醒所有 join()（notify_all）"),
    JOIN: Words("join() waits on a Condition while the unfinished-task count is above zero, and returns at once at zero",
           "未完成任务计数大于零时，join() 在 Condition 上等待；计数为零时立即返回"),
}


def probe_said(claim_id, why):
    """The probe's finding (in the run's language) and the hint it supports, as the end of a message."""
    return say(f"\nA probe shows which operation is wrong: {why}.", f"\n探测找出了出错的操作：{why}。") + hint(COUNTER_HINTS[claim_id].en, COUNTER_HINTS[claim_id].zh)


def _join_blocks(q):
    """Does join() on q block (for SETTLE)? A join that stays blocked is left pending (daemon thread)."""
    call = PendingCall(q.join, "probe join()")
    return not call.done.wait(SETTLE)


def diagnose(make_queue):
    """Which counter operation is wrong? Small probes on fresh queues; None if none of them shows it."""
    q = make_queue(ROOMY)
    q.put(1)
    if not _join_blocks(q):
        return PUT, say("on a fresh queue, join() returned right after one put() (the put was not counted)",
                        "在新建的队列上，一次 put() 之后 join() 立即返回了（这次 put 没有被计数）")
    q = make_queue(ROOMY)
    q.put(1)
    q.get()
    if not _join_blocks(q):
        return GET, say("on a fresh queue, join() returned after put() then get(), with no task_done() (get() lowered the count)",
                        "在新建的队列上，先 put() 再 get()、没有调用 task_done()，join() 就返回了（get() 把计数减了）")
    q = make_queue(ROOMY)
    q.put(1)
    q.put(2)
    try:
        q.task_done()
    except ValueError:
        return DONE, say("on a fresh queue, task_done() raised ValueError with two unfinished tasks",
                         "在新建的队列上，还有两个未完成任务时 task_done() 却抛出了 ValueError")
    if not _join_blocks(q):
        return DONE, say("on a fresh queue, join() returned after two put()s and one task_done() (it took off more than one)",
                         "在新建的队列上，两次 put() 加一次 task_done() 之后 join() 就返回了（task_done() 减去的不止一）")
    q = make_queue(ROOMY)
    q.put(1)
    q.task_done()
    if _join_blocks(q):
        return DONE, say("on a fresh queue, join() stayed blocked after one put() and one task_done() (it took off nothing)",
                         "在新建的队列上，一次 put() 加一次 task_done() 之后 join() 仍然阻塞（task_done() 什么也没减）")
    return None


class CounterMachine(RuleBasedStateMachine):
    """The queue against a model of its unfinished-task count (and of the items it holds)."""

    make_queue = None  # a QueueKind, set by the spec

    def __init__(self):
        super().__init__()
        self.items = 0
        self.unfinished = 0
        self.history = []

    @initialize()
    def create(self):
        self.q = self.make_queue(ROOMY)

    def fail(self, fallback, observed):
        """An observation failed: name the claim of the operation that is wrong."""
        found = diagnose(self.make_queue)
        claim_id, why = found if found else (fallback, "")
        ops = ", ".join(self.history) or "nothing"
        message = say(f"{self.make_queue.name}: after {ops}: {observed}",
                      f"{self.make_queue.name}：执行 {'、'.join(self.history) or '（尚无操作）'} 之后：{observed}")
        if why:
            message += probe_said(claim_id, why)
        raise ClaimViolation(claim_id, message)

    @precondition(lambda self: self.unfinished < 5)
    @rule()
    def put(self):
        _put(self.q, len(self.history), say("put() on a queue with room", "对有空位的队列调用 put()"))
        self.history.append("put()")
        self.items += 1
        self.unfinished += 1

    @precondition(lambda self: self.items > 0)
    @rule()
    def get(self):
        _get(self.q, say("get() on a non-empty queue", "对非空队列调用 get()"))
        self.history.append("get()")
        self.items -= 1

    @precondition(lambda self: self.unfinished > 0)
    @rule()
    def task_done(self):
        try:
            assert_returns_promptly(self.q.task_done, what=say("task_done()", "调用 task_done()"))
        except ValueError as exc:
            self.fail(DONE, say(f"task_done() raised ValueError ({exc}) with {self.unfinished} unfinished task(s)",
                                f"还有 {self.unfinished} 个未完成任务时，task_done() 抛出了 ValueError（{exc}）"))
        self.history.append("task_done()")
        self.unfinished -= 1

    @precondition(lambda self: self.unfinished == 0)
    @rule()
    def task_done_at_zero_raises(self):
        try:
            assert_returns_promptly(self.q.task_done, what=say("task_done() with no unfinished task", "没有未完成任务时调用 task_done()"))
        except ValueError:
            return
        self.fail(DONE, say("task_done() with no unfinished task returned normally; expected ValueError",
                            "没有未完成任务时 task_done() 正常返回了；应当抛出 ValueError"))

    @precondition(lambda self: self.unfinished == 0)
    @rule()
    def join_returns_at_zero(self):
        call = PendingCall(self.q.join, "join() at zero")
        if not call.done.wait(5.0):
            self.fail(JOIN, say("join() with no unfinished task blocked; expected it to return at once",
                                "没有未完成任务时 join() 阻塞了；应当立即返回"))
        self.history.append("join()")

    @precondition(lambda self: self.unfinished > 0)
    @rule()
    def join_waits_for_the_last_task_done(self):
        k = self.unfinished
        join = PendingCall(self.q.join, "join()")
        if join.done.wait(SETTLE):
            self.fail(JOIN, say(f"join() with {k} unfinished task(s) {join.outcome()} at once; expected it to block",
                                f"还有 {k} 个未完成任务时 join() 立即{join.outcome()}；应当阻塞"))
        for done in range(1, k):
            self.task_done()
            if join.done.wait(SETTLE):
                self.fail(JOIN, say(f"join() waiting on {k} unfinished tasks {join.outcome()} after only {done} task_done() call(s)",
                                    f"等待 {k} 个未完成任务的 join() 在只调用了 {done} 次 task_done() 之后就{join.outcome()}"))
        self.task_done()
        if not join.done.wait(5.0):
            self.fail(JOIN, say(f"join() stayed blocked after the {k}th task_done() brought the count to zero",
                                f"第 {k} 次 task_done() 已把计数降到零，join() 却仍然阻塞"))
        self.history.append("join()")


def check_counter(make_queue, steps=20):
    machine = type("CounterMachine", (CounterMachine,), {"make_queue": make_queue})
    run_state_machine_as_test(machine, settings=settings(settings.default, stateful_step_count=steps))


# ---- strategies and the specs ----

items_strategy = st.lists(st.integers(), max_size=12)
STRATEGIES = {
    "fifo": dict(items=items_strategy),
    "sizes": dict(maxsize=st.integers(1, 4), ops=st.lists(st.booleans(), max_size=16)),
    "unbounded": dict(maxsize=st.sampled_from([None, 0, -1, -5]), count=st.integers(0, 40)),
    "put_blocks": dict(maxsize=st.integers(1, 4), item=st.integers(), timed=st.booleans(),
                       released_by=st.sampled_from(["get", "get_nowait", "block=False", "timeout"])),
    "get_blocks": dict(item=st.integers(), timed=st.booleans(), released_by=st.sampled_from(["put", "put_nowait", "block=False", "timeout"])),
    "nowait": dict(maxsize=st.integers(1, 3), form=st.sampled_from(["nowait", "block=False", "timeout", "timeout=0"])),
    "full_put": dict(maxsize=st.integers(1, 3), form=st.sampled_from(["nowait", "block=False", "timeout"])),
}
CHECKS = {
    "fifo": check_fifo,
    "sizes": check_sizes,
    "unbounded": check_unbounded,
    "put_blocks": check_put_blocks,
    "get_blocks": check_get_blocks,
    "nowait": check_nowait,
    "full_put": check_full_put,
}
CLAIM_OF = {
    "fifo": "queue.fifo",
    "sizes": "queue.size-queries-exact-single-threaded",
    "unbounded": "queue.unbounded-without-positive-maxsize",
    "put_blocks": "queue.bounded.put-blocks-when-full",
    "get_blocks": "queue.bounded.get-blocks-when-empty",
    "nowait": "queue.nowait-raises-full-or-empty",
}
# checks whose failure the counter probes attribute to one of the counter's claims
COUNTER_CHECKS = {"full_put": "queue.counter.put-increments"}


@claim("queue.fifo")
@given(**STRATEGIES["fifo"])
@example(items=[0, 1])  # order shows only with distinct items; a dozen random lists may hold none
def test_fifo(make_queue, items):
    check_fifo(make_queue, items)


@claim("queue.size-queries-exact-single-threaded")
@given(**STRATEGIES["sizes"])
def test_size_queries_are_exact_single_threaded(make_queue, maxsize, ops):
    check_sizes(make_queue, maxsize, ops)


@claim("queue.unbounded-without-positive-maxsize")
@given(**STRATEGIES["unbounded"])
def test_no_positive_maxsize_means_unbounded(make_queue, maxsize, count):
    check_unbounded(make_queue, maxsize, count)


@claim("queue.bounded.put-blocks-when-full")
@given(**STRATEGIES["put_blocks"])
# always run: a timed put() released early, and a put() released by a get_nowait()
@example(maxsize=1, item=0, timed=True, released_by="get")
@example(maxsize=1, item=0, timed=False, released_by="get_nowait")
def test_put_on_a_full_queue_waits_for_a_get(make_queue, patience, maxsize, item, timed, released_by):
    check_put_blocks(make_queue, maxsize, item, timed, released_by, patience)


@claim("queue.bounded.get-blocks-when-empty")
@given(**STRATEGIES["get_blocks"])
# always run: a timed get() released early, and a get() released by a put_nowait()
@example(item=0, timed=True, released_by="put")
@example(item=0, timed=False, released_by="put_nowait")
def test_get_on_an_empty_queue_waits_for_a_put(make_queue, patience, item, timed, released_by):
    check_get_blocks(make_queue, item, timed, released_by, patience)


@claim("queue.nowait-raises-full-or-empty")
@given(**STRATEGIES["nowait"])
@example(maxsize=1, form="timeout=0")  # always run: timeout=0 is a non-waiting form too
def test_non_waiting_forms_raise_full_or_empty(make_queue, patience, maxsize, form):
    check_nowait(make_queue, maxsize, form, patience)


@claim(PUT, GET, DONE, JOIN)
def test_unfinished_task_counter(make_queue):
    check_counter(make_queue)


@claim(PUT, GET, DONE, JOIN)
@given(**STRATEGIES["full_put"])
def test_a_put_that_raises_full_is_not_counted(make_queue, patience, maxsize, form):
    check_full_put(make_queue, maxsize, form, patience)


# ---- several threads at once: blocked calls are woken, every item is got once ----

EVERY_ITEM_ONCE = "queue.threads.every-item-once"
LOST_WAKEUP_HINT = Words("with one Condition for every kind of waiter, notify() can wake a waiter of the wrong kind "
                    "(a put() waking a put()): use notify_all(), or one Condition per kind (not_empty, not_full, all_tasks_done)",
                    "所有种类的等待者共用一个 Condition 时，notify() 可能唤醒了种类不对的等待者（一个 put() 唤醒了另一个 put()）："
                    "改用 notify_all()，或者每种等待者各用一个 Condition（not_empty、not_full、all_tasks_done）")
NO_LOST_WAKEUP = "queue.threads.no-lost-wakeup"
PUT_BLOCKS = "queue.bounded.put-blocks-when-full"
GET_BLOCKS = "queue.bounded.get-blocks-when-empty"
COUNTER_CLAIMS = {PUT, GET, DONE, JOIN}
THREAD_KINDS = ["queue.Queue", "multiprocessing.JoinableQueue", "asyncio.Queue", "MyQueue"]


@pytest.fixture(params=THREAD_KINDS)
def make_shared_queue(request, implementation):
    kind = queue_kind(request.param, implementation)
    yield kind
    kind.close_all()


def _hands_hint(failed):
    """What the errors of the producers and consumers point to, if one usual cause (a hint line in
    the run's language)."""
    # what they raised, as the runtime and the queue said it (the words matched on are theirs)
    errors = " ".join(f"raised {type(h.error).__name__}: {h.error}" for h in failed)
    if "task_done() called too many times" in errors:
        return hint("the unfinished-task count went below zero though every task_done() followed a get(): "
                    "put() must add one to it, and only task_done() subtract one",
                    "每次 task_done() 都跟在一次 get() 之后，未完成任务计数却降到了零以下："
                    "put() 必须把它加一，只有 task_done() 才能把它减一")
    if "IndexError" in errors or "Empty" in errors:
        return hint("two getters took one item: check for an item and remove it while holding the lock "
                    "(wait on the Condition in a while loop, then pop, in one `with` block)",
                    "两个取元素的线程取走了同一个元素：检查有没有元素和取出元素都要在持有锁时完成"
                    "（在同一个 `with` 块里，先在 while 循环中等待 Condition，再 pop）")
    if "Full" in errors:
        return hint("a blocking put() raised Full: with block=True it must wait for room",
                    "阻塞式的 put() 抛出了 Full：block=True 时它必须等到有空位")
    return ""


def blame(kind, fallback, message):
    """A ClaimViolation of the claim that names the mistake: a counter operation that is already
    wrong single-threaded (the counter probes, on fresh queues) before the claim about threads."""
    if fallback in COUNTER_CLAIMS or fallback == NO_LOST_WAKEUP:
        probe = PendingCall(lambda: diagnose(kind), "counter probes")
        if probe.done.wait(AFTER_PROBES) and probe.error is None and probe.value:
            claim_id, why = probe.value
            return ClaimViolation(claim_id, message + probe_said(claim_id, why))
    return ClaimViolation(fallback, message)


AFTER_PROBES = 10.0  # the counter probes take a few SETTLEs on a working queue


def released_calls(pending):
    return [c for c in pending if c.done.is_set()]


def wait_for_any(pending, patience):
    """The first of the pending calls to return (they block until one is released), or None."""
    seconds = patience.seconds
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        done = released_calls(pending)
        if done:
            patience.succeeded(time.monotonic() - started)
            return done[0]
        pending[0].done.wait(0.002)
    patience.miss()
    return None


class BlockedCalls:
    """One queue, called by the judge one call at a time, each call from a thread of its own,
    against a model of what the queue holds and which calls are blocked: after each call, the
    calls that must return now (and with what) and those that must stay blocked."""

    def __init__(self, kind, maxsize, patience):
        self.kind, self.maxsize, self.patience = kind, maxsize, patience
        self.q = kind(maxsize)
        self.items = []  # what the queue holds; their order is queue.fifo's business
        self.unfinished = 0
        self.getters, self.putters, self.joiners = [], [], []  # blocked PendingCalls
        self.item_of = {}  # blocked put() -> its item
        self.history = []
        self.count = 0

    def describe(self):
        waiting = [(len(calls), name) for name, calls in
                   (("get()", self.getters), ("put()", self.putters), ("join()", self.joiners)) if calls]
        blocked = [f"{count} {name}" for count, name in waiting]
        return say(f"{self.kind.name}(maxsize={self.maxsize}), after {', '.join(self.history) or 'nothing'} "
                   f"(it holds {len(self.items)} item(s), {self.unfinished} unfinished task(s); "
                   f"blocked: {', '.join(blocked) or 'none'})",
                   f"{self.kind.name}(maxsize={self.maxsize})，执行 {'、'.join(self.history) or '（尚无操作）'} 之后"
                   f"（队列中有 {len(self.items)} 个元素、{self.unfinished} 个未完成任务；"
                   f"阻塞中的调用：{'、'.join(f'{count} 个 {name}' for count, name in waiting) or '无'}）")

    def fail(self, claim_id, what):
        raise blame(self.kind, claim_id, say(f"{self.describe()}: {what}", f"{self.describe()}。问题：{what}"))

    def call(self, func, label):
        return PendingCall(func, f"{self.kind.name}: {label}")

    def returns(self, call, label, claim_id):
        if not call.done.wait(self.patience.seconds):
            self.patience.miss()
            self.fail(claim_id, say(f"{label} blocked; nothing should keep it waiting", f"{label} 阻塞了；没有任何东西应当让它等待"))
        if call.error is not None:
            self.fail(claim_id, f"{label} {call.outcome()}")
        return call.value

    def stays_blocked(self, call, label, claim_id, pending):
        if call.done.wait(SETTLE):
            self.fail(claim_id, say(f"{label}: expected it to block, but it {call.outcome()}", f"{label}：应当阻塞，实际却{call.outcome()}"))
        pending.append(call)

    def quiet(self):
        """No blocked call may return on its own: nothing released it."""
        for pending, claim_id, name in ((self.getters, GET_BLOCKS, "get()"), (self.putters, PUT_BLOCKS, "put()"),
                                        (self.joiners, JOIN, "join()")):
            for c in released_calls(pending):
                self.fail(claim_id, say(f"a blocked {name} {c.outcome()} though nothing released it",
                                        f"一个被阻塞的 {name} 在没有任何调用放行它的情况下{c.outcome()}"))

    def release_one(self, pending, by, name, claim_if_more):
        """`by`: the call that should release one, (English, Chinese)."""
        by, by_zh = by
        first = wait_for_any(pending, self.patience)
        if first is None:
            self.fail(NO_LOST_WAKEUP, say(f"{by} should release one of the {len(pending)} blocked {name} call(s), but all "
                                          f"were still blocked {self.patience.seconds:.1f} s later: a wake-up was lost",
                                          f"{by_zh} 应当放行 {len(pending)} 个被阻塞的 {name} 调用中的一个，但 "
                                          f"{self.patience.seconds:.1f} 秒后它们全都仍然阻塞：有一次唤醒丢失了")
                      + hint(LOST_WAKEUP_HINT.en, LOST_WAKEUP_HINT.zh))
        if first.error is not None:
            self.fail(claim_if_more, say(f"the {name} that {by} released {first.outcome()}",
                                         f"被 {by_zh} 放行的 {name} {first.outcome()}"))
        pending.remove(first)
        if pending and pending[0].done.wait(SETTLE) or released_calls(pending):
            self.fail(claim_if_more, say(f"{by} released more than one blocked {name}",
                                         f"{by_zh} 放行了不止一个被阻塞的 {name}"))
        return first

    # -- the calls --

    def put(self):
        self.count += 1
        item = f"item{self.count}"
        call = self.call(lambda: self.q.put(item), f"put({item!r})")
        if self.maxsize > 0 and len(self.items) >= self.maxsize:
            self.stays_blocked(call, say(f"put({item!r}) on a full queue", f"对已满的队列调用 put({item!r})"), PUT_BLOCKS, self.putters)
            self.item_of[call] = item
            self.history.append(say(f"put({item!r}) [blocks]", f"put({item!r}) [阻塞]"))
            return
        self.returns(call, say(f"put({item!r}) on a queue with room", f"对有空位的队列调用 put({item!r})"), NO_LOST_WAKEUP)
        self.history.append(f"put({item!r})")
        self.unfinished += 1
        if not self.getters:
            self.items.append(item)
            return
        got = self.release_one(self.getters, (f"the put() of {item!r}", f"put({item!r})"), "get()", EVERY_ITEM_ONCE).value
        if got != item:
            self.fail(EVERY_ITEM_ONCE, say(f"the get() released by put({item!r}) returned {got!r}, not that item",
                                           f"被 put({item!r}) 放行的 get() 返回了 {got!r}，而不是这个元素"))

    def get(self):
        call = self.call(self.q.get, "get()")
        if not self.items:
            self.stays_blocked(call, say("get() on an empty queue", "对空队列调用 get()"), GET_BLOCKS, self.getters)
            self.history.append(say("get() [blocks]", "get() [阻塞]"))
            return
        got = self.returns(call, say("get() on a queue holding items", "对有元素的队列调用 get()"), NO_LOST_WAKEUP)
        self.history.append("get()")
        if got not in self.items:
            self.fail(EVERY_ITEM_ONCE, say(f"get() returned {got!r}, which the queue does not hold",
                                           f"get() 返回了队列中并没有的 {got!r}"))
        self.items.remove(got)
        if self.putters:
            put = self.release_one(self.putters, ("the get()", "这次 get()"), "put()", PUT_BLOCKS)
            self.items.append(self.item_of.pop(put))
            self.unfinished += 1

    def task_done(self):
        if not self.unfinished:
            return  # task_done() with nothing unfinished is queue.counter.task-done-decrements' business
        self.returns(self.call(self.q.task_done, "task_done()"), "task_done()", DONE)
        self.history.append("task_done()")
        self.unfinished -= 1
        if self.unfinished == 0:
            while self.joiners:
                first = wait_for_any(self.joiners, self.patience)
                if first is None:
                    self.fail(NO_LOST_WAKEUP, say(f"the task_done() that brought the count to zero must release every "
                                                  f"blocked join(); {len(self.joiners)} still blocked {self.patience.seconds:.1f} s later: "
                                                  "a wake-up was lost",
                                                  f"把计数降到零的 task_done() 必须放行所有被阻塞的 join()；"
                                                  f"{self.patience.seconds:.1f} 秒后仍有 {len(self.joiners)} 个阻塞：有一次唤醒丢失了")
                              + hint("wake every waiting join() with notify_all() when the count reaches zero",
                                     "计数降到零时，用 notify_all() 唤醒所有正在等待的 join()"))
                self.joiners.remove(first)

    def join(self):
        call = self.call(self.q.join, "join()")
        if self.unfinished:
            self.stays_blocked(call, say(f"join() with {self.unfinished} unfinished task(s)", f"有 {self.unfinished} 个未完成任务时调用 join()"),
                               JOIN, self.joiners)
            self.history.append(say("join() [blocks]", "join() [阻塞]"))
        else:
            self.returns(call, say("join() with no unfinished task", "没有未完成任务时调用 join()"), JOIN)
            self.history.append("join()")

    def run(self, ops):
        for op in ops:
            getattr(self, op)()
            self.quiet()

    def release_everything(self):
        """Wake every call still blocked, so none outlives the example; False if some stay blocked."""
        for _ in range(len(self.getters) + len(self.putters) + len(self.joiners) + self.unfinished + 1):
            if self.getters:
                waker = self.call(lambda: self.q.put("wake"), "put() to release a get()")
            elif self.putters:
                waker = self.call(self.q.get, "get() to release a put()")
            elif self.joiners:
                waker = self.call(self.q.task_done, "task_done() to release a join()")
            else:
                return True
            waker.done.wait(SETTLE)
            for pending in (self.getters, self.putters, self.joiners):
                if pending:
                    pending[0].done.wait(SETTLE)
                    pending[:] = [c for c in pending if not c.done.is_set()]
        return not (self.getters or self.putters or self.joiners)


def check_blocked_calls(kind, maxsize, ops, patience):
    calls = BlockedCalls(kind, maxsize, patience)
    clean = False
    try:
        calls.run(ops)
        clean = True
    finally:
        if not (calls.release_everything() and clean):
            kind.renew()


OPS = st.lists(st.sampled_from(["put", "get", "task_done", "join"]), min_size=1, max_size=14)


@claim(NO_LOST_WAKEUP, EVERY_ITEM_ONCE, PUT_BLOCKS, GET_BLOCKS, PUT, GET, DONE, JOIN)
def test_blocked_calls_are_each_woken_when_they_can_return(make_shared_queue):
    patience = Patience()

    # A join() and a get() blocked together, then a put(): one Condition shared by getters and
    # joiners, woken with notify(), wakes the joiner and strands the getter.
    @example(maxsize=0, ops=["put", "get", "join", "get", "put"])
    # Two join()s blocked, then the last task_done(): notify() instead of notify_all() strands one.
    @example(maxsize=0, ops=["put", "join", "join", "get", "task_done"])
    # Putters and getters blocked in turn on a queue of one.
    @example(maxsize=1, ops=["put", "put", "put", "get", "get", "get", "get", "get", "put", "put"])
    @given(maxsize=st.integers(0, 3), ops=OPS)
    def blocked_calls(maxsize, ops):
        check_blocked_calls(make_shared_queue, maxsize, ops, patience)

    blocked_calls()


def check_many_hands(kind, producers, consumers, maxsize, per_producer, patience):
    """Producer and consumer threads all at once; every consumer takes its share, calling
    task_done() after each item, and a join() waits for the lot. The implementation's queue
    yields the CPU at every line of its code, so the threads interleave at every step."""
    q = kind.preempting(maxsize)
    made = [[f"p{p}-{i}" for i in range(per_producer)] for p in range(producers)]
    total = producers * per_producer
    shares = [total // consumers + (c < total % consumers) for c in range(consumers)]
    got = [[] for _ in range(consumers)]

    def produce(items):
        for item in items:
            q.put(item)

    def consume(c):
        for _ in range(shares[c]):
            got[c].append(q.get())
            q.task_done()

    where = say(f"{kind.name}(maxsize={maxsize}) with {producers} producer thread(s) putting {per_producer} item(s) each and {consumers} consumer(s)",
                f"{kind.name}(maxsize={maxsize})，{producers} 个生产者线程各 put() {per_producer} 个元素，{consumers} 个消费者线程")
    # (their names appear in a reason)
    hands = [PendingCall(lambda items=items: produce(items), say(f"producer {p}", f"生产者 {p}")) for p, items in enumerate(made)]
    hands += [PendingCall(lambda c=c: consume(c), say(f"consumer {c}", f"消费者 {c}")) for c in range(consumers)]
    stuck = True
    try:
        started = time.monotonic()
        deadline = started + patience.seconds * 2  # two patiences: a few hundred calls in all
        # every hand done, one raised (the others may then wait forever: no need to see them out), or the deadline
        while not all(h.done.is_set() for h in hands) and time.monotonic() < deadline:
            if any(h.done.is_set() and h.error is not None for h in hands):
                break
            next(h for h in hands if not h.done.is_set()).done.wait(min(0.05, max(0.0, deadline - time.monotonic())))
        stuck = not all(h.done.is_set() for h in hands)
        failed = [h for h in hands if h.done.is_set() and h.error is not None]
        all_got = [item for items in got for item in items]
        counts = collections.Counter(all_got)
        twice = sorted(item for item, n in counts.items() if n > 1)
        foreign = sorted(set(counts) - {item for items in made for item in items})
        if failed or twice or foreign:
            details = [f"{h.thread.name} {h.outcome()}" for h in failed]
            details_zh = details + ([f"取出了两次：{twice[:5]}"] if twice else []) + ([f"从未放入：{foreign[:5]}"] if foreign else [])
            details += ([f"got twice: {twice[:5]}"] if twice else []) + ([f"never put: {foreign[:5]}"] if foreign else [])
            raise ClaimViolation(EVERY_ITEM_ONCE, say(f"{where}: {'; '.join(details)}", f"{where}。发现的问题：{'；'.join(details_zh)}")
                                 + _hands_hint(failed))
        if stuck:
            patience.miss()
            blocked = [h.thread.name for h in hands if not h.done.is_set()]
            waiting = PendingCall(q.qsize, "qsize()")
            held = waiting.value if waiting.done.wait(AFTER_PROBES) else None
            missing = total - len(all_got)
            if held == 0 and all(h.done.is_set() for h in hands[:producers]):
                raise ClaimViolation(EVERY_ITEM_ONCE, say(f"{where}: every put() returned, {missing} item(s) never came out and "
                                                          f"the queue says it holds none: items were lost ({', '.join(blocked)} still waiting)",
                                                          f"{where}：每个 put() 都返回了，却有 {missing} 个元素始终没有被取出，"
                                                          f"而队列说它一个也没有：元素丢失了（{'、'.join(blocked)} 仍在等待）"))
            raise ClaimViolation(NO_LOST_WAKEUP, say(f"{where}: {', '.join(blocked)} still blocked {patience.seconds * 2:.1f} s "
                                                     f"after the start, with {len(all_got)} of {total} items got and qsize() = {held}: "
                                                     f"a blocked call was not woken",
                                                     f"{where}：开始 {patience.seconds * 2:.1f} 秒后 {'、'.join(blocked)} 仍然阻塞，"
                                                     f"{total} 个元素中只取出了 {len(all_got)} 个，qsize() = {held}："
                                                     f"有一个被阻塞的调用没有被唤醒")
                                 + hint(LOST_WAKEUP_HINT.en, LOST_WAKEUP_HINT.zh))
        patience.succeeded((time.monotonic() - started) / 2)
        joiner = PendingCall(q.join, "join()")
        if not joiner.done.wait(patience.seconds):
            raise blame(kind, NO_LOST_WAKEUP, say(f"{where}: every item was got and marked done, but join() stayed blocked",
                                                  f"{where}：每个元素都已取出并标记为完成，join() 却仍然阻塞"))
        stuck = False
    finally:
        if stuck:
            kind.renew()


@claim(EVERY_ITEM_ONCE, NO_LOST_WAKEUP, PUT, GET, DONE, JOIN)
def test_many_producers_and_consumers_share_one_queue(make_shared_queue):
    patience = Patience(floor=2.0)  # a few hundred calls, each line a switch: not the floor of one call

    @example(producers=3, consumers=3, maxsize=1, per_producer=30)
    @example(producers=2, consumers=3, maxsize=0, per_producer=30)
    @given(producers=st.integers(1, 3), consumers=st.integers(1, 3), maxsize=st.integers(0, 4), per_producer=st.integers(1, 30))
    def many_hands(producers, consumers, maxsize, per_producer):
        check_many_hands(make_shared_queue, producers, consumers, maxsize, per_producer, patience)

    many_hands()


# ---- gevent's JoinableQueue: the same checks, in a fresh monkey-patched interpreter ----


def run_in_gevent(_impl, check, max_examples, phases, lang="en"):
    """In the child: run one check under Hypothesis; return None, or (claim id, message) of a failure
    (in lang, the judge's language of reasons)."""
    set_reason_lang(lang)
    kind = queue_kind("gevent.queue.JoinableQueue")
    child_settings = settings(
        max_examples=max_examples,
        phases=[Phase[name] for name in phases],  # names: only plain data crosses to a fresh interpreter
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    settings.register_profile("_gevent_child", child_settings)
    settings.load_profile("_gevent_child")
    try:
        if check == "counter":
            check_counter(kind)
        else:
            given(**STRATEGIES[check])(lambda **kw: CHECKS[check](kind, **kw))()
    except ClaimViolation as exc:
        return exc.claim_id, _with_notes(exc)
    except AssertionError as exc:
        return CLAIM_OF.get(check, COUNTER_CHECKS.get(check)), _with_notes(exc)
    return None


def _with_notes(exc):
    notes = getattr(exc, "__notes__", None) or []
    return "\n".join([str(exc), *notes])


GEVENT_CHECKS = [pytest.param(name, marks=claim(claim_id), id=name) for name, claim_id in CLAIM_OF.items()]
GEVENT_CHECKS += [pytest.param(name, marks=claim(PUT, GET, DONE, JOIN), id=name) for name in ("counter", *COUNTER_CHECKS)]


@pytest.mark.parametrize("check", GEVENT_CHECKS)
def test_gevent_joinable_queue(check):
    current = settings.default
    failure = fresh.call(layout.module("test_queues:run_in_gevent"), check, current.max_examples, [p.name for p in current.phases],
                         reason_lang(), gevent=True, timeout=50)
    if failure:
        claim_id, message = failure
        raise ClaimViolation(claim_id, say(f"gevent.queue.JoinableQueue: {message}", f"gevent.queue.JoinableQueue（在打过 monkey patch 的新解释器中检查）：{message}"))
