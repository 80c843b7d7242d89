"""协程 / gevent and 实现异步 — gevent, only ever in another interpreter.

The gevent roles run in a subject monkey-patched before the package is imported
(``implementation.start_subject(gevent=True)``); the judge calls them through the wire with a
``log`` of its own, so it reads the clock itself and sees, for every step, which OS thread of the
subject made it. The runtime's own gevent facts run through specs.harness.fresh.call in a child
interpreter (specs/gevent_probes.py), patched or left unpatched on purpose where the claim is what
patching changes: patching never reaches the pytest process (tests/test_gevent_containment.py).
"""
import importlib.util
import sys
import threading
import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from . import strategies as gen
from .harness import blocking, claim, fresh, layout, wire
from .harness.claims import violation_of
from .harness.messages import has_hint, hint, say
from .harness.timing import assert_ratio

if importlib.util.find_spec("gevent") is None:  # only looked up: gevent is never imported here
    pytest.skip(say("gevent is not installed", "没有安装 gevent"), allow_module_level=True)

# Each example starts an interpreter (about 0.2 s).
FEW = gen.few_examples()
TIMEOUT = 45


def probe(implementation, name, *args, gevent=True, timeout=TIMEOUT):
    """A fact of the gevent runtime, in a fresh interpreter (``implementation`` only marks the
    spec's subject: no student code runs there)."""
    return fresh.call(layout.module(f"gevent_probes:{name}"), *args, gevent=gevent, timeout=timeout)


# --- the roles, through the wire -------------------------------------------------------------


class Log:
    """The `log(event, item)` a role calls: the judge's clock, the subject's OS threads, and the
    order in which the subject made the calls (they may arrive here in another)."""

    def __init__(self):
        self.calls = []

    def __call__(self, event, item):
        who = wire.caller() or {}
        self.calls.append((who.get("request", 0), event, item, time.perf_counter(), who.get("os_thread"),
                           who.get("main_os_thread"), who.get("greenlet")))

    def trace(self):
        """[(event, item, time, os thread)] in the order the subject logged them."""
        return [(event, item, at, thread) for _, event, item, at, thread, _, _ in sorted(self.calls, key=lambda c: c[0])]

    def greenlets(self):
        """{(event, item): the greenlet of the subject that logged it (a number; None: greenlet never imported)}."""
        return {(event, item): g for _, event, item, _, _, _, g in self.calls}

    def main_threads(self):
        return {c[5] for c in self.calls}


def gevent_subject(implementation, patched=True):
    return implementation.start_subject(gevent=patched)


# gevent's own assertion when a greenlet other than the main one waits for the whole loop
WHOLE_LOOP_FROM_A_GREENLET = "only possible from the MAIN greenlet"


def call(subject, role, *args, watch_switches=False):
    """Call a gevent role in its subject. The role runs in a greenlet beside the harness's own: a
    role that waits for the whole loop (gevent.wait() without arguments) fails, and is told why.
    watch_switches: call it under the subject's greenlet.settrace hook ($harness.switches), which
    returns {"result", "started": greenlets started in the call, "interleaved": whether they took turns}."""
    try:
        if watch_switches:
            return subject.role("$harness").switches(role, *args)
        return subject.role(role)(*args)
    except AssertionError as exc:
        if WHOLE_LOOP_FROM_A_GREENLET in str(exc) and not has_hint(str(exc)):
            exc.args = (str(exc) + hint(
                "the role is called from a greenlet, beside the judge's own: wait for the greenlets it "
                "spawned (gevent.joinall(...), Group.join(), gevent.wait([...])), not for the whole loop "
                "(gevent.wait() with no argument, hub.join())",
                "角色是在一个 greenlet 中被调用的，旁边还有评判方自己的 greenlet：请等待它自己创建的 greenlet"
                "（gevent.joinall(...)、Group.join()、gevent.wait([...])），而不是等待整个事件循环"
                "（不带参数的 gevent.wait()、hub.join()）"),) + exc.args[1:]
        raise


class ConsumerHeldLog(Log):
    """A log that holds the consumer in its first log('consume', ...) until the producer has
    filled the queue: the producer's own log calls yield to the consumer, so only a held consumer
    shows where put() waits. The judge sees the producer go `bound` items ahead and no further."""

    def __init__(self, expected, bound, patience):
        super().__init__()
        self.expected, self.bound = expected, bound  # produce calls awaited while held; the most allowed
        self.patience = patience  # for each next produce call while held: none within it is a put() that waits
        self.produced, self.held_at = 0, None  # held_at: the produce calls seen when the consumer was let go
        self._changed = threading.Condition()

    def __call__(self, event, item):
        super().__call__(event, item)
        with self._changed:
            if event == "produce":
                self.produced += 1
                self._changed.notify_all()
            elif event == "consume" and self.held_at is None:
                # the producer has its chance to fill the queue, as long as it keeps producing (a
                # step takes milliseconds; the patience without one is a put() that waits)...
                while self.produced < self.expected:
                    seen, started = self.produced, time.monotonic()
                    if not self._changed.wait_for(lambda: self.produced > seen, self.patience.seconds):
                        self.patience.miss()
                        break
                    self.patience.succeeded(time.monotonic() - started)
                # ...and a settle window to overrun it
                self._changed.wait_for(lambda: self.produced > self.bound, blocking.SETTLE)
                self.held_at = self.produced


# Longer than the get(timeout=...) a consumer plausibly sets (the tutorials' 1-2 s), so one that
# stops at its first timeout stops early; a real pause: the subject's gevent clock is its own.
PRODUCER_PAUSE = 3.0


class ProducerHeldLog(Log):
    """A log that pauses the producer in its first log('produce', ...) for PRODUCER_PAUSE seconds
    (its greenlet waits for the reply cooperatively): the consumer finds the queue empty for long."""

    def __init__(self):
        super().__init__()
        self.paused = threading.Event()  # set at the first produce: only that one pauses

    def __call__(self, event, item):
        super().__call__(event, item)
        if event == "produce" and not self.paused.is_set():
            self.paused.set()
            time.sleep(PRODUCER_PAUSE)  # the slow producer itself, not a wait for something to happen


def producer_consumer(subject, items, patience, queue_size=3):
    """Run gevent_producer_consumer(items, log); its (event, item) steps, and how many items the
    producer had produced while the consumer was held after taking its first (None: no item)."""
    log = ConsumerHeldLog(expected=min(len(items), queue_size + 1), bound=queue_size + 1, patience=patience)
    call(subject, "gevent_producer_consumer", list(items), log)
    return [(event, item) for event, item, _, _ in log.trace()], log.held_at


def check_filled_while_consumer_held(items, held_at, queue_size=3):
    """The consumer took one item and was held: a Queue(3) lets the producer put three more, then
    its put() waits."""
    if held_at is None:
        return
    most = min(len(items), queue_size + 1)
    assert held_at <= queue_size + 1, say(
        f"while the consumer was held after taking its first item, the producer produced {held_at} items: "
        f"more than {queue_size} ahead, so its put() did not wait at {queue_size} pending (is the queue Queue({queue_size})?)",
        f"消费者取走第一个数据后被挡住，这期间生产者生产了 {held_at} 个数据：领先超过 {queue_size} 个，"
        f"说明 put() 在有 {queue_size} 个待处理时没有等待（队列是 Queue({queue_size}) 吗？）")
    assert held_at >= most, say(
        f"while the consumer was held after taking its first item, the producer stopped after {held_at} items "
        f"(expected {most}): its put() waited with fewer than {queue_size} pending (is the queue Queue({queue_size})?)",
        f"消费者取走第一个数据后被挡住，这期间生产者只生产了 {held_at} 个数据（应当是 {most} 个）："
        f"put() 在待处理不足 {queue_size} 个时就等待了（队列是 Queue({queue_size}) 吗？）")


def timed_run(subject, role, n, seconds):
    """Run syn or asy once: (trace of (event, i, time, OS thread), elapsed, the subject's main OS
    thread, {(event, i): the greenlet that logged it})."""
    log = Log()
    start = time.perf_counter()
    call(subject, role, n, seconds, log)
    elapsed = time.perf_counter() - start
    mains = log.main_threads()
    return log.trace(), elapsed, (mains.pop() if len(mains) == 1 else None), log.greenlets()


def sync_vs_async_times(subject, n, seconds, repeats=3, settled=lambda ratio: False):
    """Best elapsed times of syn and asy, measured alternately in one subject: `repeats` rounds at
    most, fewer once the ratio of the bests is `settled` (a best of more rounds only lowers both).
    Each asynchronous run must have run its tasks in greenlets of their own (check_one_greenlet_per_task)."""
    best = {"syn": float("inf"), "asy": float("inf")}
    for _ in range(repeats):
        for role in best:
            trace, elapsed, _, greenlets = timed_run(subject, role, n, seconds)
            if role == "asy":
                intervals_of(trace, n)
                check_one_greenlet_per_task(greenlets, n)
            best[role] = min(best[role], elapsed)
        if settled(best["syn"] / best["asy"]):
            break
    return best["syn"], best["asy"]


def check_one_greenlet_per_task(greenlets, n):
    """asy's tasks each ran in a greenlet of its own: the n tasks' starts came from n different
    greenlets, and each task's end from the greenlet that started it."""
    starts = [greenlets.get(("start", i)) for i in range(n)]
    shared = n - len(set(starts))
    assert None not in starts and not shared, say(
        f"asy({n}, ...) logged its {n} tasks' starts from {len(set(starts) - {None})} greenlet(s): the tasks did "
        "not each run in a greenlet of its own, so nothing was set aside while it waited",
        f"asy({n}, ...) 的 {n} 个任务的 start 只来自 {len(set(starts) - {None})} 个 greenlet：这些任务并不是各自在自己的 "
        "greenlet 中运行的，所以没有哪个任务在等待时被搁在一边",
    ) + hint("spawn one greenlet per task (gevent.spawn(task, i, ...)) and wait for them all (gevent.joinall)",
             "为每个任务 spawn 一个 greenlet（gevent.spawn(task, i, ...)），再等待它们全部结束（gevent.joinall）")
    moved = [i for i in range(n) if greenlets.get(("end", i)) != starts[i]]
    assert not moved, say(
        f"asy({n}, ...): task(s) {moved} logged their end from another greenlet than their start: each task "
        "should start, wait and end in its own greenlet",
        f"asy({n}, ...)：任务 {moved} 记录 end 的 greenlet 与记录 start 的不是同一个：每个任务都应当在自己的 "
        "greenlet 中开始、等待、结束",
    )


def all_overlap(intervals):
    """Some instant lies inside every interval: each started before any ended."""
    return max(s for s, _ in intervals) < min(e for _, e in intervals)


def none_overlap(intervals):
    ordered = sorted(intervals)
    return all(prev[1] <= nxt[0] for prev, nxt in zip(ordered, ordered[1:]))


def intervals_of(trace, n):
    starts = {i: t for e, i, t, _ in trace if e == "start"}
    ends = {i: t for e, i, t, _ in trace if e == "end"}
    assert sorted(starts) == sorted(ends) == list(range(n)), say(
        f"expected tasks 0..{n - 1} to start and end once each; got {[(e, i) for e, i, _, _ in trace]}",
        f"任务 0..{n - 1} 应当各开始一次、结束一次；实际是 {[(e, i) for e, i, _, _ in trace]}",
    )
    return [(starts[i], ends[i]) for i in range(n)]


# --- gevent / 生产者和消费者模型 ------------------------------------------------------------------


def check_bounded_producer_consumer(items, steps):
    produced = [x for e, x in steps if e == "produce"]
    consumed = [x for e, x in steps if e == "consume"]
    assert consumed == list(items), say(f"expected every item consumed in order, {list(items)}; consumed {consumed}",
                                        f"每个数据都应当按顺序被消费，{list(items)}；实际消费的是 {consumed}")
    assert produced == list(items), say(f"expected every item produced in order, {list(items)}; produced {produced}",
                                        f"每个数据都应当按顺序被生产，{list(items)}；实际生产的是 {produced}")
    ahead = 0
    for event, item in steps:
        ahead += 1 if event == "produce" else -1
        assert ahead <= 3, say(f"the producer got {ahead} items ahead of the consumer (queue of 3): {steps}",
                               f"生产者比消费者领先了 {ahead} 个数据（队列容量为 3）：{steps}")
        assert ahead >= 0, say(f"an item was consumed before it was produced: {steps}",
                               f"有数据在生产出来之前就被消费了：{steps}")


@claim("gevent.pc.bounded-queue")
@FEW
@given(items=st.lists(st.integers(), max_size=25), producer_paused=st.just(False))
@example(items=list(range(20)), producer_paused=False)  # the tutorial's run
# always run: a producer paused after its first item; no more than 3 remain, so it never waits for room
@example(items=list(range(4)), producer_paused=True)
def test_gevent_producer_consumer_over_a_queue_of_three(implementation, gevent_producer_consumer, patience, items, producer_paused):
    if producer_paused:
        log = ProducerHeldLog()
        call(gevent_subject(implementation), "gevent_producer_consumer", list(items), log)
        steps = [(event, item) for event, item, _, _ in log.trace()]
        consumed = [x for e, x in steps if e == "consume"]
        assert consumed == list(items), say(
            f"the producer paused {PRODUCER_PAUSE:.0f} s after producing its first item; the consumer consumed "
            f"{consumed}, expected {list(items)}: a consumer that stops when get(timeout=...) raises Empty loses what a "
            f"slow producer still puts; take len(items) items, waiting without a timeout",
            f"生产者生产第一个数据后暂停了 {PRODUCER_PAUSE:.0f} 秒；消费者总共消费的是 {consumed}，应当是 {list(items)}："
            f"在 get(timeout=...) 抛出 Empty 时就停止的消费者，会丢掉慢速生产者随后放入的数据；"
            f"应当不带超时地等待，取满 len(items) 个数据")
        check_bounded_producer_consumer(items, steps)
        return
    steps, held_at = producer_consumer(gevent_subject(implementation), items, patience)
    check_bounded_producer_consumer(items, steps)
    check_filled_while_consumer_held(items, held_at)


@claim("gevent.pc.spawn-extra-argument")
def test_spawning_with_an_argument_the_function_does_not_take():
    result = probe(None, "spawn_extra_argument")
    assert result == {"dead": True, "ran": [], "exception": "TypeError"}, say(
        f"gevent.spawn(f, arg) with f taking no argument: expected the greenlet to die with TypeError before "
        f"running f; got {result}",
        f"f 不接受参数时调用 gevent.spawn(f, arg)：该 greenlet 应当还没执行 f 就因 TypeError 结束；"
        f"实际是 {result}",
    )


@claim("gevent.joinall-waits-for-all")
def test_joinall_returns_when_every_greenlet_has_finished():
    delays = [0.02, 0, 0.005, 0.001, 0.01]
    before, after, finished = probe(None, "joinall_waits", delays)
    assert all(after), say(f"after joinall() some greenlets were still running: {after}",
                           f"joinall() 返回后，仍有 greenlet 在运行：{after}")
    assert finished == list(range(len(delays))), say(f"after joinall() only tasks {finished} had finished",
                                                     f"joinall() 返回后，只有任务 {finished} 已经完成")


# --- 特点: no lock needed, while nothing switches inside the update ---------------------------------


@claim("coro.trait.no-lock-while-no-switch")
@FEW
@given(tasks=st.integers(1, 5), increments=st.integers(0, 30))
@example(tasks=3, increments=10)
def test_greenlet_counter_without_a_switch_in_the_update_is_exact(implementation, gevent_counter, tasks, increments):
    watched = call(gevent_subject(implementation), "gevent_counter", tasks, increments, watch_switches=True)
    count = watched["result"]
    assert count == tasks * increments, say(
        f"{tasks} greenlets adding 1 {increments} times each ended with {count}, not {tasks * increments}: "
        "updates were lost (is there a switch between reading and writing the counter?)",
        f"{tasks} 个 greenlet 各加 1 共 {increments} 次，结果是 {count}，而不是 {tasks * increments}："
        "有更新丢失了（读取计数器和写回之间是否发生了切换？）",
    )
    check_counter_greenlets_took_turns(tasks, increments, watched["started"], watched["interleaved"])


def check_counter_greenlets_took_turns(tasks, increments, started, interleaved):
    """The claim is about greenlets that switch among each other between updates: `tasks` greenlets
    started in the call (when there is an update to make), and, with two or more of them making two
    or more updates each, one resumed after another had run (they took turns)."""
    if increments >= 1:
        assert started >= tasks, say(
            f"gevent_counter({tasks}, {increments}) started {started} greenlet(s) while it ran, not {tasks}: the "
            "count must come from greenlets that each add 1 (spawn one greenlet per task)",
            f"gevent_counter({tasks}, {increments}) 运行期间只启动了 {started} 个 greenlet，而不是 {tasks} 个："
            "计数结果必须来自各自加 1 的 greenlet（每个任务 spawn 一个 greenlet）",
        )
    if tasks >= 2 and increments >= 2:
        assert interleaved, say(
            f"gevent_counter({tasks}, {increments}): each greenlet ran all its increments before the next started; "
            "they never took turns, so the exact count shows nothing about switching between updates",
            f"gevent_counter({tasks}, {increments})：每个 greenlet 都是一口气做完所有加一，下一个才开始；"
            "它们从未轮流执行，所以计数正确并不能说明更新之间发生切换时的情况",
        ) + hint(
            "yield to the other greenlets after every increment (gevent.sleep(0)), outside the read-modify-write",
            "每次加一之后（在读-改-写之外）让出执行权给其他 greenlet（gevent.sleep(0)）",
        )


@claim("coro.trait.no-lock-while-no-switch")
@FEW
@given(tasks=st.integers(2, 5), increments=st.integers(1, 10))
def test_greenlet_counter_with_a_switch_in_the_update_loses_updates(tasks, increments):
    count = probe(None, "racy_counter", tasks, increments)
    assert count < tasks * increments, say(
        f"with a cooperative sleep between the read and the write, {tasks} greenlets x {increments} increments "
        f"should lose updates; the count was exact ({count})",
        f"读取和写回之间有一次会让出执行权的 sleep 时，{tasks} 个 greenlet x {increments} 次加一"
        f"应当丢失更新；计数结果却完全正确（{count}）",
    )


# --- 概念 / 优点 / 缺点 / 特点, on gevent's scheduler --------------------------------------------------


@claim("coro.concept.user-scheduled")
def test_a_busy_greenlet_is_never_preempted():
    # each step of 400k additions takes ~10 ms on this machine: the five steps of one greenlet last far
    # longer than gevent's 5 ms switch interval and than the GIL's; a preemptive scheduler would interleave
    check_never_preempted(probe(None, "never_preempted", 400_000))


def check_never_preempted(order):
    """order: the steps of two busy flows, A started first, five long steps each, none giving way:
    A's five all come before B's."""
    assert order == ["A"] * 5 + ["B"] * 5, say(f"the busy greenlets' steps interleaved: {''.join(order)}",
                                               f"两个忙于计算的 greenlet 的步骤交错执行了：{''.join(order)}")


@claim("coro.advantage.invisible-to-os", "coro.concept.one-thread-concurrency")
def test_many_greenlets_add_no_os_thread():
    if not sys.platform.startswith("linux"):
        pytest.skip(say("counts OS threads through /proc (Linux only)", "通过 /proc 统计操作系统线程数（仅限 Linux）"))
    check_no_os_thread_added(200, *probe(None, "os_threads", 200))


def check_no_os_thread_added(n, before, during, running, idents, caller):
    """n flows started and waiting at once: the process's OS threads before and during, how many
    were running, the OS threads they ran on (sorted), and the caller's."""
    assert running == n, say(f"expected {n} greenlets waiting at once; {running} were",
                             f"应当有 {n} 个 greenlet 同时在等待；实际是 {running} 个")
    with violation_of("coro.advantage.invisible-to-os"):
        assert during == before, say(
            f"the process had {before} OS thread(s), and {during} with {n} greenlets running",
            f"进程原有 {before} 个操作系统线程，{n} 个 greenlet 运行时变成了 {during} 个",
        )
    with violation_of("coro.concept.one-thread-concurrency"):
        assert idents == [caller], say(
            f"the greenlets ran on {len(idents)} OS thread(s), expected only the caller's",
            f"这些 greenlet 运行在 {len(idents)} 个操作系统线程上，应当只在调用者的线程上",
        )


@claim("coro.drawback.blocking-call-blocks-thread")
def test_a_really_blocking_call_stops_every_greenlet():
    ticks, (start, end) = probe(None, "blocked_hub", 0.1, "original")
    assert any(t < start for t in ticks), say("the ticking greenlet never ran before the blocking call",
                                              "在阻塞调用之前，定时打点的 greenlet 一次都没有运行")
    inside = [t for t in ticks if start < t < end]
    assert inside == [], say(
        f"another greenlet ran {len(inside)} time(s) while one was inside the unpatched time.sleep()",
        f"一个 greenlet 在未打补丁的 time.sleep() 中时，另一个 greenlet 竟然运行了 {len(inside)} 次",
    )


@claim("coro.trait.auto-switch-on-io")
def test_gevent_switches_on_patched_io_only():
    patched = probe(None, "io_wait_lets_others_run", True)
    assert patched == ["A waits", "B runs", ("A got", b"x")], say(
        f"in a patched interpreter, a greenlet waiting in recv() should let the other greenlet run and send "
        f"it the byte; events were {patched}",
        f"在打过补丁的解释器里，在 recv() 中等待的 greenlet 应当让另一个 greenlet 运行并把那个字节发给它；"
        f"事件序列是 {patched}",
    )
    original = probe(None, "io_wait_lets_others_run", False, 0.3)
    steps = [e if isinstance(e, str) else e[0] for e in original]
    assert steps == ["A waits", "A timed out", "B runs"], say(
        f"a greenlet waiting in the original, unpatched recv() should block every greenlet until its timeout; "
        f"events were {original}",
        f"在原始的、未打补丁的 recv() 中等待的 greenlet，应当阻塞所有 greenlet 直到它超时；"
        f"事件序列是 {original}",
    )
    if sys.platform.startswith("linux"):
        assert probe(None, "hub_facts")["backend"] == "epoll", say("gevent's loop on Linux should use epoll",
                                                                   "在 Linux 上 gevent 的事件循环应当使用 epoll")


@claim("gevent.hub.epoll-and-greenlet")
def test_gevent_hub_is_a_greenlet_on_an_epoll_loop():
    facts = probe(None, "hub_facts")
    assert facts["greenlet_is_greenlet"] and facts["hub_is_greenlet"], say(
        f"gevent's greenlets and hub should be greenlet.greenlet objects: {facts}",
        f"gevent 的 greenlet 和 hub 都应当是 greenlet.greenlet 对象：{facts}",
    )
    if not sys.platform.startswith("linux"):
        pytest.skip(say("epoll is Linux-only", "epoll 仅在 Linux 上提供"))
    assert facts["backend"] == "epoll", say(
        f"gevent's event loop backend on Linux: expected epoll, got {facts['backend']!r}",
        f"Linux 上 gevent 事件循环的后端：应当是 epoll，实际是 {facts['backend']!r}",
    )


def check_one_core(one, two):
    """CPU-bound greenlets: two cost twice the CPU of one, and the process never gets more than one
    core's worth of CPU time per second of wall time while they run."""
    cpu_one, cpu_two = min(c for _, c in one), min(c for _, c in two)
    # CPU time is what the work costs, whatever else loads the machine: two tasks cost 2x one
    # (measured 1.95-2.1); 1.5 allows for cache and timer noise
    assert_ratio(cpu_two, cpu_one, low=1.5, what=say("CPU time of two CPU-bound greenlets / one",
                                                     "两个 CPU 密集型 greenlet 的 CPU 时间 / 一个的"))
    # one thread can never be given more than one core: CPU/wall <= 1 (measured 0.97-1.0 when idle,
    # lower under load); 1.1 allows for the two clocks' granularity. Parallel work would give ~2.
    for wall, cpu in two:
        assert_ratio(cpu, wall, high=1.1, what=say("CPU seconds per wall second while two CPU-bound greenlets ran",
                                                   "两个 CPU 密集型 greenlet 运行期间，每秒墙钟时间消耗的 CPU 秒数"))


@claim("coro.drawback.one-core")
def test_cpu_bound_greenlets_use_one_core():
    one, two = probe(None, "cpu_bound_runs", 1_500_000)
    for _ in range(3):
        # more rounds only while the CPU-time ratio is low: a busy neighbour inflates some runs' CPU
        # time (measured 1.43 once, beside a full suite run and four busy loops); the physical check,
        # CPU per wall second, is made on every run, so more rounds never let parallel work pass
        if min(c for _, c in two) >= 1.5 * min(c for _, c in one):
            break
        more_one, more_two = probe(None, "cpu_bound_runs", 1_500_000)
        one, two = one + more_one, two + more_two
    check_one_core(one, two)


# --- 协程 / gevent: monkey patching ----------------------------------------------------------------


@claim("gevent.monkey.needed-for-stdlib")
def test_stdlib_sleep_overlaps_only_after_patching():
    n, seconds = 3, 0.02
    unpatched = probe(None, "sleep_intervals", n, seconds, "time.sleep", gevent=False)
    assert none_overlap(unpatched), say(
        f"without monkey patching, greenlets' time.sleep() calls should not overlap: {unpatched}",
        f"不打猴子补丁时，各 greenlet 的 time.sleep() 调用在时间上不应重叠：{unpatched}",
    )
    own = probe(None, "sleep_intervals", n, seconds, "gevent.sleep", gevent=False)
    assert all_overlap(own), say(f"gevent.sleep() should overlap without patching: {own}",
                                 f"即使不打补丁，gevent.sleep() 也应当相互重叠：{own}")
    patched = probe(None, "sleep_intervals", n, seconds, "time.sleep", gevent=True)
    assert all_overlap(patched), say(
        f"after monkey.patch_all(), greenlets' time.sleep() calls should overlap: {patched}",
        f"执行 monkey.patch_all() 之后，各 greenlet 的 time.sleep() 调用应当相互重叠：{patched}",
    )


@claim("gevent.monkey.patch-before-imports")
def test_names_bound_before_patching_keep_the_original():
    facts = probe(None, "patch_order", gevent=False)
    assert facts == {"early_is_original": True, "module_attr_is_original": False}, say(
        f"after patch_all(), time.sleep should be gevent's and a name imported before it the original: {facts}",
        f"patch_all() 之后，time.sleep 应当是 gevent 的版本，而在它之前导入的名字仍是原来的函数：{facts}",
    )


# --- 实现异步 -----------------------------------------------------------------------------------------

tasks_st = dict(n=st.integers(1, 5), seconds=st.sampled_from([0.005, 0.01, 0.02]))


def one_after_another(n):
    """The steps of n tasks run in order, each ending before the next starts."""
    return [step for i in range(n) for step in (("start", i), ("end", i))]


@claim("async.sync-takes-the-sum")
@FEW
@given(**tasks_st)
def test_sync_runs_tasks_one_after_another(implementation, syn, n, seconds):
    trace, elapsed, caller, _ = timed_run(gevent_subject(implementation), "syn", n, seconds)
    order = [(e, i) for e, i, _, _ in trace]
    assert order == one_after_another(n), say(f"syn({n}, ...) should run the tasks one after another in order: {order}",
                                  f"syn({n}, ...) 应当按顺序一个接一个地执行任务：{order}")
    assert none_overlap(intervals_of(trace, n)), say("two synchronous tasks overlapped", "两个同步任务在时间上重叠了")


def check_async_overlap(trace, n, caller, greenlets):
    intervals_of(trace, n)  # each task started and ended once
    check_one_greenlet_per_task(greenlets, n)
    # Judged on the order in which the subject logged the steps, not on the times they reached the
    # judge: the log calls of several greenlets are in flight at once, and on a loaded machine
    # the judge may take one "start" after an "end" the subject logged later.
    order = [(e, i) for e, i, _, _ in trace]
    sequential = order == one_after_another(n)
    assert all(e == "start" for e, _ in order[:n]), say(
        f"asy({n}, ...) should start every task before any finishes; the tasks ran "
        f"{'one after another' if sequential else 'partly overlapping'}: {order}",
        f"asy({n}, ...) 应当在任何任务结束之前启动所有任务；实际这些任务"
        f"{'是一个接一个执行的' if sequential else '只有部分重叠'}：{order}",
    )
    assert {t for _, _, _, t in trace} == {caller}, say(
        "the asynchronous tasks should all run on the caller's OS thread",
        "这些异步任务都应当在调用者所在的操作系统线程上运行",
    )


@claim("async.gevent-overlaps-waits", "coro.advantage.overlaps-waits-in-one-thread")
@FEW
@given(n=st.integers(2, 6), seconds=st.sampled_from([0.01, 0.02, 0.05]))
def test_async_tasks_all_wait_at_once(implementation, asy, n, seconds):
    trace, elapsed, caller, greenlets = timed_run(gevent_subject(implementation), "asy", n, seconds)
    check_async_overlap(trace, n, caller, greenlets)


@claim("async.gevent-takes-about-the-longest")
def test_async_takes_about_one_wait_not_the_sum(implementation, syn, asy):
    n, seconds = 5, 0.05
    # expected ratio n = 5 (measured 4.9); 2.5 allows the asynchronous run to take twice its wait
    # (its CPU work is microseconds: load only adds wake-up latency, to both runs). A correct world
    # is settled by its first round; one that runs the tasks in turn stays near 1 in every round.
    sync_time, async_time = sync_vs_async_times(gevent_subject(implementation), n, seconds, settled=lambda ratio: ratio >= n / 2)
    assert_ratio(sync_time, async_time, low=n / 2, what=say(f"syn / asy with {n} tasks of {seconds} s",
                                                            f"syn / asy，{n} 个各耗时 {seconds} 秒的任务"))


@claim("async.comprehension-not-the-cause")
def test_spawning_in_a_loop_is_as_fast_as_a_comprehension():
    comprehension, loop = probe(None, "spawn_comprehension_vs_loop", 5, 0.04, 5)
    # both take one wait (0.04 s) plus microseconds (measured ratio 0.99-1.01); best of 5 each, and 2x
    # either way is far beyond any real difference (the synchronous run is 5x)
    assert_ratio(loop, comprehension, low=0.5, high=2.0, what=say("spawning in a for loop / in a list comprehension",
                                                                  "在 for 循环中 spawn / 在列表推导式中 spawn"))


@claim("async.elapsed-is-end-minus-start")
def test_elapsed_time_is_end_minus_start():
    # time.time() read around some work, and the same interval on an independent clock
    # (perf_counter, read just outside it): the readings, not arithmetic, are what is checked
    before = time.perf_counter()
    start = time.time()
    time.sleep(0.05)
    end = time.time()
    after = time.perf_counter()
    check_run_time(end - start, after - before)


def check_run_time(run_time, elapsed):
    """run_time: what a program computes from two time.time() readings around its work; elapsed:
    the same interval on perf_counter, read just outside the readings. end - start is the run
    time: positive, and at most the enclosing interval (a little more for the wall clock's own
    resolution). Half of it is the floor: only a clock stepped backwards in between goes lower."""
    assert elapsed > 0
    assert 0.5 * elapsed <= run_time <= elapsed + 0.001, say(
        f"the program's run time is {run_time:.6f} s, while the work took {elapsed:.6f} s (end - start is the run time; "
        "start - end is its negative)",
        f"程序算出的运行时间是 {run_time:.6f} 秒，而这段工作实际用了 {elapsed:.6f} 秒（运行时间是 end - start；start - end 是它的相反数）",
    )
