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
from .harness.blocking import AFTER_TRIGGER, assert_blocks_until, assert_returns_promptly
from .harness.messages import hint, say
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
TARGETS_ZH = {"a global variable": "全局变量", "an attribute": "对象属性", "a list item": "列表元素"}  # the keys, in a reason


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
    assert loads and computes and stores, say(f"`x {op} i` on {target}: expected a read, a computation and a write; instructions: {shown}",
                                              f"对{TARGETS_ZH[target]}执行 `x {op} i`：应当有读取、计算和写入三步；字节码指令：{shown}")
    assert min(loads) < max(computes) < max(stores), say(f"`x {op} i` on {target}: expected read, then compute, then write; instructions: {shown}",
                                                         f"对{TARGETS_ZH[target]}执行 `x {op} i`：应当先读取，再计算，最后写入；字节码指令：{shown}")


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
        assert final < expected, run.describe() + say("\nwrites were overwritten, yet the counter is exact",
                                                      "\n有写入被覆盖了，计数器却是准确的")
    else:
        assert final == expected, run.describe() + say(f"\nno write was overwritten, yet the counter is {final}, expected {expected}",
                                                       f"\n没有写入被覆盖，计数器却是 {final}，应为 {expected}")
    if schedule == [0, 1] and amounts == [[1], [1]]:
        assert final == 1, run.describe() + say("\nthe smallest racy schedule should lose one update",
                                                "\n这个最小的竞争调度应当丢失一次更新")
    if run.preemptions == 0:
        assert final == expected, run.describe() + say(f"\nthreads ran one after another, yet the counter is {final}, expected {expected}",
                                                       f"\n线程是一个接一个运行的，计数器却是 {final}，应为 {expected}")


class Plain:
    """An ordinary object: real threads read and write its attribute, nothing of the spec between."""

    def __init__(self):
        self.value = 0


def racing_update(shared, amount, between):
    value = shared.value  # read
    between()  # where a thread switch may land
    shared.value = value + amount  # write


def real_threads_one_switch(update, wait=AFTER_TRIGGER):
    """Two real threads each add 1 to a plain attribute with `update(shared, 1, between)`; the first
    is held in `between` (after its read, before its write) until the second has finished (at most
    `wait`). The final value."""
    shared = Plain()
    first_read, second_done = threading.Event(), threading.Event()

    def first():
        update(shared, 1, lambda: (first_read.set(), second_done.wait(wait)))

    def second():
        first_read.wait(wait)
        update(shared, 1, lambda: None)
        second_done.set()

    threads = [threading.Thread(target=first, daemon=True), threading.Thread(target=second, daemon=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(3 * wait)
    assert not any(thread.is_alive() for thread in threads), say("the two updating threads did not finish", "两个做更新的线程没有结束")
    return shared.value


def check_real_threads_lose_one_update(update, wait=AFTER_TRIGGER):
    final = real_threads_one_switch(update, wait)
    assert final == 1, say(f"two real threads each added 1 to a plain attribute, the second while the first was between its read "
                           f"and its write; the first's write should overwrite the second's (1), got {final}",
                           f"两个真实线程各给一个普通属性加 1，第二个线程在第一个线程读取之后、写入之前完成更新；"
                           f"第一个线程的写入应当覆盖第二个的结果（1），实际为 {final}")


@claim("race.lost-update-needs-a-switch")
def test_two_real_threads_lose_an_update_to_one_switch_between_read_and_write():
    # The explorer above runs cells of its own; here the interpreter's own threads and an ordinary
    # attribute: the write made from a stale read lands, and the other thread's update is gone.
    check_real_threads_lose_one_update(racing_update)


# ---- 互斥锁: the locked counter, on every schedule and under real contention ----


@claim("lock.counter-exact-with-lock")
@given(work=thread_work())
# always run: A holds the lock across its update while B's acquire(timeout=...) is named, and times out
@example(work=([[1], [1]], [0, 0, 1, 1, 1]))
def test_the_locked_counter_is_exact_on_every_schedule(locked_add, work):
    amounts, schedule = work
    explorer = Explorer(schedule)
    counter, lock = explorer.cell("counter", 0), explorer.lock(say("the lock", "锁"))
    run = explorer.run([lambda mine=mine: [locked_add(counter, lock, a) for a in mine] for mine in amounts])
    for thread, error in sorted(run.errors.items()):
        raise AssertionError(run.describe() + say(f"\nlocked_add raised in thread {thread}: {error!r}",
                                                  f"\nlocked_add 在线程 {thread} 中抛出了 {error!r}"))
    expected = sum(map(sum, amounts))
    lost = "\n".join(overwritten_updates(run, "counter"))
    timed_out = any("times out, gets False" in step.text for step in run.steps)
    cause = hint("acquire(timeout=...) returned False, and locked_add updated the value anyway, without the lock: "
                 "wait for the lock (`with lock:`), or retry until acquire returns True",
                 "acquire(timeout=...) 返回了 False，locked_add 却仍然在没有持有锁的情况下更新了值："
                 "请等待锁（`with lock:`），或者重试直到 acquire 返回 True") if timed_out else ""
    assert counter.peek() == expected, run.describe() + say(f"\ncounter is {counter.peek()}, expected {expected}\n{lost}",
                                                            f"\ncounter 是 {counter.peek()}，应为 {expected}\n{lost}") + cause
    assert not lock.locked(), run.describe() + say("\nthe lock is still held after every thread finished",
                                                   "\n所有线程都结束了，锁却仍被持有")


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
# 100 updates a thread: every update crosses the wire and switches threads inside it
# (SwitchingBox), so an unprotected or half-protected update loses one within a few.
@given(threads=st.integers(2, 4), iterations=st.integers(1, 100))
def test_the_tutorials_locked_counter_program_ends_where_it_started(locked_add, patience, threads, iterations):
    # the tutorial's program: thread 1 adds 0..n-1, thread 2 subtracts them; with more threads, pairs
    box, lock = SwitchingBox(1), threading.Lock()
    start = threading.Barrier(threads, timeout=30)

    errors = []

    def work(sign):
        try:
            start.wait()
            for i in range(iterations):
                locked_add(box, lock, sign * i)
        except BaseException as exc:  # a thread that died is not an update the lock lost
            errors.append(exc)

    signs = [1 if k % 2 == 0 else -1 for k in range(threads)]
    workers = [threading.Thread(target=work, args=(s,), daemon=True) for s in signs]
    for w in workers:
        w.start()

    def join_all():
        for w in workers:
            w.join()

    assert_returns_promptly(join_all, what=say(f"{threads} threads doing {iterations} locked updates each",
                                               f"{threads} 个线程各做 {iterations} 次加锁的更新"), timeout=patience)
    assert not errors, say(f"{threads} threads doing {iterations} locked updates each: locked_add raised {errors[0]!r}",
                           f"{threads} 个线程各做 {iterations} 次加锁的更新：locked_add 抛出了 {errors[0]!r}")
    expected = 1 + sum(signs) * sum(range(iterations))
    assert box._value == expected, say(f"{threads} threads x {iterations} locked updates: value {box._value}, expected {expected}",
                                       f"{threads} 个线程 × {iterations} 次加锁的更新：结果是 {box._value}，应为 {expected}")


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


FAIL_ON_ZH = {"read": "读取", "write": "写入"}  # fail_on, in a reason


@claim("lock.released-when-update-raises")
@given(fail_on=st.sampled_from(["read", "write"]), amount=st.integers(-9, 9))
def test_the_lock_is_released_when_the_update_raises(locked_add, fail_on, amount):
    lock = threading.Lock()
    try:
        assert_returns_promptly(lambda: locked_add(RaisingBox(fail_on), lock, amount),
                                what=say("locked_add with a failing shared value", "共享值读写出错时调用 locked_add"))
    except OSError:
        pass  # propagating the error is fine; keeping the lock is not
    assert not lock.locked(), say(
        f"after the shared value's {fail_on} raised inside locked_add, the lock is still held: every other thread "
        "would now wait for it forever (release it in a finally block, or use `with lock:`)",
        f"locked_add 中共享值的{FAIL_ON_ZH[fail_on]}抛出异常后，锁仍被持有：其他所有线程"
        "都会永远等待它（在 finally 块中释放锁，或者使用 `with lock:`）",
    )


# ---- 互斥锁: facts about threading.Lock ----


def check_mutual_exclusion(make_lock):
    lock = make_lock()
    lock.acquire()
    assert_blocks_until(
        lambda: lock.acquire(timeout=10),
        lock.release,
        what=say("acquire() in a second thread while the first holds the lock", "第一个线程持有锁时，在第二个线程中调用 acquire()"),
    )


def check_release_unheld_raises(make_lock):
    shown = {"a new lock": "新建的锁", "a lock released twice": "释放了两次的锁"}  # how, in a Chinese reason
    for how, lock in (("a new lock", make_lock()), ("a lock released twice", make_lock())):
        if how == "a lock released twice":
            lock.acquire()
            lock.release()
        try:
            lock.release()
        except RuntimeError:
            continue
        raise AssertionError(say(f"release() of {how} returned normally; expected RuntimeError",
                                 f"对{shown[how]}调用 release() 正常返回了；应当抛出 RuntimeError"))


def check_not_reentrant(make_lock, wait):
    lock = make_lock()
    assert lock.acquire(timeout=1), say("a free lock could not be acquired", "无法获取一把空闲的锁")
    again = lock.acquire(timeout=wait)
    assert again is False, say(f"the thread holding the lock acquired it again (acquire returned {again!r}); a Lock is not reentrant",
                               f"持有锁的线程再次获取了它（acquire 返回了 {again!r}）；Lock 是不可重入的")


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
    assert rlock.acquire(timeout=1) and rlock.acquire(timeout=1), say("an RLock's owner could not acquire it again",
                                                                      "RLock 的持有者无法再次获取它")
    rlock.release()
    rlock.release()
