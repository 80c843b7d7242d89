"""线程资源争夺 / 互斥锁 — lost updates on schedules Hypothesis picks, and the lock that prevents them.

Races are checked with the deterministic schedule explorer (specs.harness.schedules): the
threads' reads, writes, acquires and releases run in an order Hypothesis draws, so a lost update
is found, shrunk to its smallest schedule and replayed exactly, instead of hoped for.
"""
import dis
import threading
import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .harness import claim
from .harness.blocking import assert_blocks_until, assert_returns_promptly
from .harness.schedules import Explorer, overwritten_updates


@st.composite
def thread_work(draw, max_threads=4, max_updates=3, negative=True):
    """(amounts per thread, schedule): how many threads, what each adds, and the interleaving."""
    n = draw(st.integers(2, max_threads))
    amount = st.integers(1, 9) | st.integers(-9, -1) if negative else st.integers(1, 9)
    amounts = [draw(st.lists(amount, min_size=1, max_size=max_updates)) for _ in range(n)]
    schedule = draw(st.lists(st.integers(0, n - 1), max_size=12 * n * max_updates))
    return amounts, schedule


# ---- 线程资源争夺: an update is a read, a computation and a write ----

UPDATE_TARGETS = {
    "a global variable": ("global var\n    var {op} i", "var"),
    "an attribute": ("obj.count {op} i", "count"),
    "a list item": ("items[0] {op} i", None),
}


def update_instructions(target, op):
    """The instructions of one update, as (opname, argval) pairs."""
    body, _ = UPDATE_TARGETS[target]
    namespace = {}
    exec(f"def update(obj, items, i):\n    {body.format(op=op)}\n", namespace)  # noqa: S102 (our own source)
    return [(ins.opname, ins.argval) for ins in dis.get_instructions(namespace["update"])]


def check_read_modify_write(target, op, instructions):
    """The update reads the target, then computes, then stores it, in separate instructions."""
    _, name = UPDATE_TARGETS[target]
    names = [opname for opname, _ in instructions]
    loads = [k for k, (opname, arg) in enumerate(instructions) if opname.startswith(("LOAD_GLOBAL", "LOAD_ATTR", "BINARY_SUBSCR", "BINARY_OP")) and (name is None or arg == name)]
    computes = [k for k, (opname, arg) in enumerate(instructions) if opname.startswith(("INPLACE_", "BINARY_OP")) and "SUBSCR" not in str(arg)]
    stores = [k for k, (opname, arg) in enumerate(instructions) if opname.startswith(("STORE_GLOBAL", "STORE_ATTR", "STORE_SUBSCR")) and (name is None or arg == name)]
    shown = " ".join(names)
    assert loads and computes and stores, f"`x {op} i` on {target}: expected a read, a computation and a write; instructions: {shown}"
    assert min(loads) < max(computes) < max(stores), f"`x {op} i` on {target}: expected read, then compute, then write; instructions: {shown}"


@claim("race.update-is-read-modify-write")
@given(target=st.sampled_from(sorted(UPDATE_TARGETS)), op=st.sampled_from(["+=", "-="]))
def test_an_update_is_a_read_a_computation_and_a_write(target, op):
    check_read_modify_write(target, op, update_instructions(target, op))


# ---- 线程资源争夺: lost updates, on schedules ----


def unlocked_add(shared, amount):
    value = shared.value  # read
    shared.value = value + amount  # write: another thread may have written in between


def run_unlocked(amounts, schedule):
    explorer = Explorer(schedule)
    counter = explorer.cell("counter", 0)
    run = explorer.run([lambda mine=mine: [unlocked_add(counter, a) for a in mine] for mine in amounts])
    return counter.peek(), run


@claim("race.lost-update-needs-a-switch")
@given(work=thread_work(negative=False))  # all positive: a lost update always shows in the total
@example(work=([[1], [1]], [0, 1]))  # the smallest lost update: two threads, one switch
def test_an_unlocked_counter_loses_an_update_exactly_when_a_write_lands_between_read_and_write(work):
    amounts, schedule = work
    final, run = run_unlocked(amounts, schedule)
    expected = sum(map(sum, amounts))
    lost = overwritten_updates(run, "counter")
    if lost:
        assert final < expected, f"{run.describe()}\nwrites were overwritten, yet the counter is exact"
    else:
        assert final == expected, f"{run.describe()}\nno write was overwritten, yet the counter is {final}, expected {expected}"
    if schedule == [0, 1] and amounts == [[1], [1]]:
        assert final == 1, f"{run.describe()}\nthe smallest racy schedule should lose one update"
    if run.preemptions == 0:
        assert final == expected, f"{run.describe()}\nthreads ran one after another, yet the counter is {final}, expected {expected}"


# ---- 互斥锁: the locked counter, on every schedule and under real contention ----


@claim("lock.counter-exact-with-lock")
@given(work=thread_work())
def test_the_locked_counter_is_exact_on_every_schedule(locked_add, work):
    amounts, schedule = work
    explorer = Explorer(schedule)
    counter, lock = explorer.cell("counter", 0), explorer.lock("the lock")
    run = explorer.run([lambda mine=mine: [locked_add(counter, lock, a) for a in mine] for mine in amounts])
    for thread, error in sorted(run.errors.items()):
        raise AssertionError(f"{run.describe()}\nlocked_add raised in thread {thread}: {error!r}")
    expected = sum(map(sum, amounts))
    lost = "\n".join(overwritten_updates(run, "counter"))
    assert counter.peek() == expected, f"{run.describe()}\ncounter is {counter.peek()}, expected {expected}\n{lost}"
    assert not lock.locked(), f"{run.describe()}\nthe lock is still held after every thread finished"


class SwitchingBox:
    """A shared value whose read gives other threads a chance to run before the value is used:
    a thread switch inside every update, which an unprotected update does not survive."""

    __wire_settable__ = ("value",)  # the role writes it from its subject

    def __init__(self, value):
        self._value = value

    @property
    def value(self):
        value = self._value
        time.sleep(0)  # releases the GIL: another thread may update now
        return value

    @value.setter
    def value(self, new):
        self._value = new


@claim("lock.counter-exact-with-lock")
@pytest.mark.timeout(90)
@given(threads=st.integers(2, 4), iterations=st.integers(1, 300))
def test_the_tutorials_locked_counter_program_ends_where_it_started(locked_add, patience, threads, iterations):
    # the tutorial's program: thread 1 adds 0..n-1, thread 2 subtracts them; with more threads, pairs
    box, lock = SwitchingBox(1), threading.Lock()
    start = threading.Barrier(threads, timeout=30)

    def work(sign):
        start.wait()
        for i in range(iterations):
            locked_add(box, lock, sign * i)

    signs = [1 if k % 2 == 0 else -1 for k in range(threads)]
    workers = [threading.Thread(target=work, args=(s,), daemon=True) for s in signs]
    for w in workers:
        w.start()

    def join_all():
        for w in workers:
            w.join()

    assert_returns_promptly(join_all, what=f"{threads} threads doing {iterations} locked updates each", timeout=patience)
    expected = 1 + sum(signs) * sum(range(iterations))
    assert box._value == expected, f"{threads} threads x {iterations} locked updates: value {box._value}, expected {expected}"


class RaisingBox:
    """A shared value whose read or write raises, to see what an update leaves behind."""

    __wire_settable__ = ("value",)  # the role writes it from its subject

    def __init__(self, fail_on):
        self.fail_on, self._value = fail_on, 0

    @property
    def value(self):
        if self.fail_on == "read":
            raise OSError("the shared value could not be read")
        return self._value

    @value.setter
    def value(self, new):
        if self.fail_on == "write":
            raise OSError("the shared value could not be written")
        self._value = new


@claim("lock.released-when-update-raises")
@given(fail_on=st.sampled_from(["read", "write"]), amount=st.integers(-9, 9))
def test_the_lock_is_released_when_the_update_raises(locked_add, fail_on, amount):
    lock = threading.Lock()
    try:
        assert_returns_promptly(lambda: locked_add(RaisingBox(fail_on), lock, amount), what="locked_add with a failing shared value")
    except OSError:
        pass  # propagating the error is fine; keeping the lock is not
    assert not lock.locked(), (
        f"after the shared value's {fail_on} raised inside locked_add, the lock is still held: every other thread "
        "would now wait for it forever (release it in a finally block, or use `with lock:`)"
    )


# ---- 互斥锁: facts about threading.Lock ----


def check_mutual_exclusion(make_lock):
    lock = make_lock()
    lock.acquire()
    assert_blocks_until(
        lambda: lock.acquire(timeout=10),
        lock.release,
        what="acquire() in a second thread while the first holds the lock",
    )


def check_release_unheld_raises(make_lock):
    for how, lock in (("a new lock", make_lock()), ("a lock released twice", make_lock())):
        if how == "a lock released twice":
            lock.acquire()
            lock.release()
        try:
            lock.release()
        except RuntimeError:
            continue
        raise AssertionError(f"release() of {how} returned normally; expected RuntimeError")


def check_not_reentrant(make_lock, wait):
    lock = make_lock()
    assert lock.acquire(timeout=1), "a free lock could not be acquired"
    again = lock.acquire(timeout=wait)
    assert again is False, f"the thread holding the lock acquired it again (acquire returned {again!r}); a Lock is not reentrant"


@claim("lock.mutual-exclusion")
def test_a_held_lock_makes_other_threads_wait():
    check_mutual_exclusion(threading.Lock)


@claim("lock.release-unheld-raises")
def test_releasing_an_unheld_lock_raises_runtime_error():
    check_release_unheld_raises(threading.Lock)


@claim("lock.not-reentrant")
@given(wait=st.sampled_from([0.001, 0.01, 0.05]))
def test_a_lock_is_not_reentrant_but_an_rlock_is(wait):
    check_not_reentrant(threading.Lock, wait)
    rlock = threading.RLock()
    assert rlock.acquire(timeout=1) and rlock.acquire(timeout=1), "an RLock's owner could not acquire it again"
    rlock.release()
    rlock.release()
