"""The coroutine specs' checks reject wrong statements of their claims (tests/rejections.py).

Each test states what the tutorial says, or a tempting mistake, runs the same check the spec
runs, against the world where that statement would be measured, and shows the check fails.
"""
import os
import threading
import time
from pathlib import Path

import pytest

from specs import test_coroutines as co
from specs import test_gevent as gv
from specs.harness import sandbox
from specs.harness.claims import violated_claims
from specs.harness.timing import assert_ratio
from tests.rejections import rejects

greenlet = pytest.importorskip("greenlet")

BAD = Path(__file__).parent / "bad"


def rejected(check, *args, **kwargs):
    with pytest.raises(AssertionError):
        check(*args, **kwargs)


def _subject(path, patched=True):
    """A subject running the package at path (monkey-patched first unless patched=False)."""
    return sandbox.subject(sandbox.Package(path, Path(path).name), gevent=patched)


# --- generators ---------------------------------------------------------------------------------


class Scripted:
    """An iterator answering each next() from a script: a value, or STOP (StopIteration)."""

    STOP = object()

    def __init__(self, *answers):
        self.answers = list(answers)

    def __iter__(self):
        return self

    def __next__(self):
        answer = self.answers.pop(0) if self.answers else self.STOP
        if answer is self.STOP:
            raise StopIteration
        return answer


@rejects("gen.yields-in-order-then-stops")
def test_a_used_up_generator_does_not_yield_again():
    items = [3, 1, 2]
    # "a used-up generator yields its values again": after the loop's StopIteration, it starts over
    rejected(co.check_yields_in_order_then_stops, Scripted(*items, Scripted.STOP, *items), items)
    # nor one that gives its values out of order
    rejected(co.check_yields_in_order_then_stops, Scripted(1, 3, 2), items)
    co.check_yields_in_order_then_stops((x for x in items), items)  # a real one is used up


@rejects("gen.next-after-exhaustion-raises")
def test_the_tutorials_next_after_the_loop_prints_nothing():
    def func():
        yield 2
        yield 4

    # the tutorial's last line, print(next(a)) after its for loop, as if it took another value
    with pytest.raises(AssertionError) as raised:
        co.check_yields_in_order_then_stops(Scripted(2, 4, Scripted.STOP, 4), [2, 4])
    assert violated_claims(raised.value) == ["gen.next-after-exhaustion-raises"]
    co.check_yields_in_order_then_stops(func(), [2, 4])  # the real next(a) raises StopIteration: it prints nothing


@rejects("gen.body-runs-between-requests")
def test_creating_a_generator_does_not_run_to_the_first_yield():
    ran = []
    co._segments(3, ran)
    with pytest.raises(AssertionError):
        assert ran == [0], "the body has not run at all"


@rejects("gen.send-delivers-to-yield")
def test_send_does_not_return_the_value_sent():
    received = []
    gen = co._echo(received)
    next(gen)
    with pytest.raises(AssertionError):
        assert gen.send("x") == "x", "send returns what the generator yields next (1), not what was sent"


@rejects("gen.prime-before-send")
def test_an_unprimed_generator_does_not_take_a_value():
    with pytest.raises(TypeError):
        co._echo([]).send(111)  # the tutorial's a.send(111) without next(a) first


# --- greenlet --------------------------------------------------------------------------------------


@rejects("greenlet.third-party")
def test_greenlet_is_not_a_standard_library_module():
    with pytest.raises(AssertionError):
        assert co._in_standard_library("greenlet")


@rejects("greenlet.switch-delivers-value")
def test_switch_without_arguments_delivers_no_none():
    first, values = (1, "a"), [5, 6]
    # "switch() with no arguments resumes the paused switch() with None", as next() does a generator's yield
    rejected(co.check_switch_delivers, first, values, [1, 2, 3], [[first], 5, 6, None])
    co.check_switch_delivers(first, values, *co._switches(first, values))  # greenlet's switch() delivers ()


@rejects("coro.trait.bound-to-one-thread")
def test_a_greenlet_cannot_be_resumed_from_any_thread():
    # "any thread can resume a greenlet": the switch goes ahead, as it does from the greenlet's own thread
    rejected(co.check_switch_refused, greenlet.greenlet(lambda: "ran").switch)
    # from another thread than its own, the switch is refused: the check accepts that
    made, ready, release = [], threading.Event(), threading.Event()

    def owner():
        made.append(greenlet.greenlet(lambda: "ran"))
        ready.set()
        release.wait(10)

    t = threading.Thread(target=owner, daemon=True)
    t.start()
    try:
        assert ready.wait(10)
        co.check_switch_refused(made[0].switch)
    finally:
        release.set()
        t.join(10)


@rejects("coro.trait.own-stacks")
def test_a_generator_cannot_pause_from_a_nested_call():
    # The contrast the claim rests on: a generator keeps one frame, its own, so it can pause only
    # there, and resumed it returns from that frame alone: no frames of callers around it, no locals
    # of theirs. A coroutine like that, paused "3 calls deep", comes back with one frame's local.
    def innermost(tag):
        local = (tag, 0)
        yield tag
        return [local]

    gen = innermost(7)
    assert next(gen) == 7
    with pytest.raises(StopIteration) as stop:
        next(gen)
    rejected(co.check_resumed_in_its_own_calls, 7, 3, stop.value.value, True)
    # nor do frames of another coroutine's stack pass for its own
    rejected(co.check_resumed_in_its_own_calls, 7, 1, [(7, 0), (8, 1)], True)
    co.check_resumed_in_its_own_calls(7, 0, stop.value.value, True)  # one frame deep, one frame back


@rejects("greenlet.blocking-not-solved", "greenlet.waiting-time-wasted")
def test_the_check_sees_overlapping_sleeps_when_they_overlap():
    # what "the waiting time is used for other work" would look like: two sleeps at the same time
    intervals = []

    def sleeper():
        start = time.perf_counter()
        time.sleep(0.05)
        intervals.append((start, time.perf_counter()))

    threads = [threading.Thread(target=sleeper) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    with pytest.raises(AssertionError):
        assert not co._any_overlap(intervals)


@rejects("greenlet.slower-than-generators")
@pytest.mark.timeout(120)
def test_greenlet_does_not_switch_faster_than_a_generator():
    cost = co._per_round_trip()
    with pytest.raises(AssertionError):  # the tutorial: greenlet performs much better
        assert_ratio(cost["greenlet"], cost["generator"], high=1.0, what="greenlet / generator")


@rejects("coro.advantage.switch-cheaper-than-threads")
@pytest.mark.timeout(120)
def test_a_thread_handoff_is_not_as_cheap_as_a_greenlet_switch():
    cost = co._per_round_trip()
    with pytest.raises(AssertionError):
        assert_ratio(cost["thread"], cost["greenlet"], high=1.0, what="thread / greenlet")


# --- threads are what coroutines are not ------------------------------------------------------------


@rejects("coro.concept.one-thread-concurrency", "coro.advantage.invisible-to-os")
def test_threads_are_seen_by_the_os():
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("Linux /proc")
    before = len(os.listdir("/proc/self/task"))
    release, arrived, idents = threading.Event(), threading.Semaphore(0), set()

    def one():
        idents.add(threading.get_ident())
        arrived.release()
        release.wait(10)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(5)]
    for t in threads:
        t.start()
    try:
        assert all(arrived.acquire(timeout=10) for _ in threads)
        during = len(os.listdir("/proc/self/task"))
        running = sum(t.is_alive() for t in threads)
        seen, caller = sorted(idents), threading.get_ident()
        # five threads waiting at once, as the spec's greenlets are: the OS sees each
        with pytest.raises(AssertionError) as raised:
            gv.check_no_os_thread_added(5, before, during, running, seen, caller)
        assert violated_claims(raised.value) == ["coro.advantage.invisible-to-os"]
        # and they run on threads other than the caller's, even where the count would not show it
        with pytest.raises(AssertionError) as raised:
            gv.check_no_os_thread_added(5, before, before, running, seen, caller)
        assert violated_claims(raised.value) == ["coro.concept.one-thread-concurrency"]
    finally:
        release.set()
        for t in threads:
            t.join(10)


@rejects("coro.concept.user-scheduled")
def test_threads_are_preempted_where_greenlets_are_not():
    order, lock = [], threading.Lock()
    old = __import__("sys").getswitchinterval()
    __import__("sys").setswitchinterval(0.0005)

    def busy(name):
        for _ in range(5):
            x = 0
            for _ in range(400_000):
                x += 1
            with lock:
                order.append(name)

    try:
        threads = [threading.Thread(target=busy, args=(n,)) for n in "AB"]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        __import__("sys").setswitchinterval(old)
    rejected(gv.check_never_preempted, order)  # the OS took turns between the busy threads


# --- gevent, in fresh interpreters -------------------------------------------------------------------


@rejects("coro.drawback.one-core")
def test_the_check_rejects_cpu_bound_work_spread_over_cores():
    # what the spec would see if two CPU-bound tasks ran on two cores: each run costs twice the CPU
    # of one task in the wall time of one
    one = [(0.05, 0.05)] * 3
    parallel = [(0.05, 0.10)] * 3
    with pytest.raises(AssertionError, match="CPU seconds per wall second"):
        gv.check_one_core(one, parallel)
    sequential = [(0.10, 0.10)] * 3
    gv.check_one_core(one, sequential)  # and accepts what one core gives


@rejects("coro.drawback.blocking-call-blocks-thread")
def test_the_check_sees_other_greenlets_run_during_a_cooperative_sleep():
    ticks, (start, end) = gv.probe(None, "blocked_hub", 0.1, "patched")
    with pytest.raises(AssertionError):
        assert [t for t in ticks if start < t < end] == []


@rejects("coro.trait.auto-switch-on-io")
def test_the_original_recv_does_not_let_others_run():
    events = gv.probe(None, "io_wait_lets_others_run", False, 0.3)
    with pytest.raises(AssertionError):  # "a coroutine meeting IO switches": not for calls gevent did not patch
        assert events == ["A waits", "B runs", ("A got", b"x")]


@rejects("gevent.hub.epoll-and-greenlet")
def test_gevent_does_not_use_select():
    facts = gv.probe(None, "hub_facts")
    if not os.uname().sysname == "Linux":
        pytest.skip("epoll is Linux-only")
    with pytest.raises(AssertionError):  # the tutorial's 特点 says select
        assert facts["backend"] == "select"


@rejects("gevent.monkey.needed-for-stdlib")
def test_stdlib_sleep_does_not_overlap_without_patching():
    unpatched = gv.probe(None, "sleep_intervals", 3, 0.02, "time.sleep", gevent=False)
    with pytest.raises(AssertionError):
        assert gv.all_overlap(unpatched)


@rejects("gevent.monkey.patch-before-imports")
def test_patching_does_not_reach_names_bound_earlier():
    facts = gv.probe(None, "patch_order", gevent=False)
    with pytest.raises(AssertionError):
        assert not facts["early_is_original"]


@rejects("gevent.joinall-waits-for-all")
def test_greenlets_have_not_finished_right_after_spawn():
    before, after, finished = gv.probe(None, "joinall_waits", [0.02, 0.01])
    with pytest.raises(AssertionError):
        assert all(before)


@rejects("gevent.pc.spawn-extra-argument")
def test_the_tutorials_spawn_does_not_run_the_producer():
    result = gv.probe(None, "spawn_extra_argument")
    with pytest.raises(AssertionError):  # the tutorial expects its producer to run
        assert result["ran"] == ["producer"]


@rejects("async.gevent-overlaps-waits")
def test_the_tutorials_program_without_monkey_patching_does_not_overlap():
    n = 3
    with _subject(BAD / "coro_gevent_unpatched", patched=False) as subject:
        trace, elapsed, caller, greenlets = gv.timed_run(subject, "asy", n, 0.02)
    with pytest.raises(AssertionError, match="one after another"):
        gv.check_async_overlap(trace, n, caller, greenlets)


@rejects("async.sync-takes-the-sum")
def test_the_check_sees_overlap_in_an_asynchronous_run():
    n = 3
    with _subject(Path(__file__).parents[1] / "impl") as subject:
        trace, elapsed, caller, _ = gv.timed_run(subject, "asy", n, 0.02)
    with pytest.raises(AssertionError):
        assert gv.none_overlap(gv.intervals_of(trace, n))


@rejects("async.comprehension-not-the-cause")
def test_a_comprehension_does_not_make_the_run_twice_as_fast():
    comprehension, loop = gv.probe(None, "spawn_comprehension_vs_loop", 5, 0.04)
    with pytest.raises(AssertionError):
        assert_ratio(loop, comprehension, low=2.0, what="loop / comprehension")


@rejects("async.elapsed-is-end-minus-start")
def test_start_minus_end_is_not_the_run_time():
    before = time.perf_counter()
    start = time.time()
    time.sleep(0.01)
    end = time.time()
    after = time.perf_counter()
    rejected(gv.check_run_time, start - end, after - before)  # the tutorial prints start - end
    rejected(gv.check_run_time, end, after - before)  # a reading is not a run time
    gv.check_run_time(end - start, after - before)
