"""并发与并行, 多任务 — what runs at the same time: one CPU versus two, processes versus threads,
the GIL, and the tutorial's demos that offload slow tasks to processes and threads.

Timing claims compare two measurements of the same run (best of three, round-robin). Claims
that "only one runs at a time" are checked with a physical bound instead where possible: on one
CPU (or under the GIL) the CPU time consumed can never exceed the wall time elapsed, whatever
the load, so that check cannot flake.
"""
import contextlib
import hashlib
import multiprocessing
import os
import random
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from .harness import claim, violation_of
from .harness.messages import say
from .harness.timing import assert_ratio, best_until_within

# ------------------------------------------------------------------ shared helpers
# (module level, so that any start method and any pool can pickle them)

GATE_TIMEOUT = 30.0


def spin(n):
    """Pure-Python CPU work: holds the GIL for its whole length."""
    total = 0
    for i in range(n):
        total += i
    return total


_CALIBRATED = {}


def work_for(seconds):
    """Iterations of spin() taking about `seconds` of CPU here (measured once per process)."""
    if "per_second" not in _CALIBRATED:
        n, elapsed = 50_000, 0.0
        while elapsed < 0.05:
            n *= 2
            start = time.process_time()
            spin(n)
            elapsed = time.process_time() - start
        _CALIBRATED["per_second"] = n / elapsed
    return max(1, int(_CALIBRATED["per_second"] * seconds))


def gil_enabled():
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def cpus():
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def needs_affinity(count):
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("needs os.sched_setaffinity (Linux) to place processes on CPUs")
    if len(cpus()) < count:
        pytest.skip(f"needs {count} CPUs available to this process, found {len(cpus())}")


@contextlib.contextmanager
def cpu_priority():
    """Raise the CPU share of this spec's autogroup for a measurement (Linux, root only).

    With autogroup scheduling, a process's niceness only counts within its session; the harness
    runs each spec in a session of its own and raises the spec's priority, this raises the
    session's, so busy neighbours in other sessions take less of our measurement. The group's
    weight is split over the CPUs it runs on, so a parallel measurement needs the strongest
    setting to keep the same share per CPU as a single-CPU one. Only where this process leads
    its own session (never the user's: with --isolation none nothing changes), restored after,
    and gone with the spec's session in any case."""
    path = Path("/proc/self/autogroup")
    old = None
    if os.getsid(0) == os.getpid():
        with contextlib.suppress(OSError, ValueError, IndexError):
            old = int(path.read_text().split("nice")[1])
            path.write_text("-20")
    try:
        yield
    finally:
        if old is not None:
            with contextlib.suppress(OSError):
                path.write_text(str(old))


def _busy(cpu, n, gate, slot, stamps):
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    if not gate.wait(GATE_TIMEOUT):
        return
    wall0, cpu0 = time.monotonic(), time.process_time()
    spin(n)
    stamps[4 * slot : 4 * slot + 4] = [wall0, time.monotonic(), cpu0, time.process_time()]


def run_busy(placement, n):
    """Busy processes, one per entry of placement (a CPU number, or None for anywhere), started
    together through a gate. Returns (wall seconds from the gate to the last exit, [(start, end,
    cpu seconds)] per process)."""
    gate = multiprocessing.Event()
    stamps = multiprocessing.Array("d", 4 * len(placement), lock=False)
    procs = [multiprocessing.Process(target=_busy, args=(cpu, n, gate, i, stamps), daemon=True) for i, cpu in enumerate(placement)]
    for p in procs:
        p.start()
    try:
        started = time.perf_counter()
        gate.set()
        for p in procs:
            p.join(GATE_TIMEOUT + 30)
        wall = time.perf_counter() - started
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join()
    codes = [p.exitcode for p in procs]
    assert codes == [0] * len(procs), say(f"a measuring process failed: exit codes {codes}", f"一个测量用的进程失败了：退出码 {codes}")
    rows = [tuple(stamps[4 * i : 4 * i + 4]) for i in range(len(procs))]
    return wall, [(w0, w1, c1 - c0) for w0, w1, c0, c1 in rows]


def start_all_join_all(workers):
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)


def sleep_for(seconds):
    time.sleep(seconds)


class Meeting:
    """n offloaded participants and the caller's own work, meeting in a folder of the subject:
    each arrives (leaving its pid and thread), then waits until all have arrived (kit.rendezvous)."""

    def __init__(self, kit, n, patience):
        self.kit, self.patience = kit, patience
        self.folder = kit.mkdtemp()
        self.children = [f"task{i}" for i in range(n)]
        self.everyone = self.children + ["parent"]
        self.timeout = patience.seconds
        self.found = {}

    def tasks(self):
        return [(self.kit.task("rendezvous"), (self.folder, name, self.everyone, self.timeout)) for name in self.children]

    def own_work(self):
        return self.kit.bind("rendezvous", self.folder, "parent", self.everyone, self.timeout)

    def seen_by(self, name):
        text = self.found.get(f"done-{name}")
        return set(text.split()) if text is not None else None

    def arrival(self, name):
        pid, ident = self.found[f"arrived-{name}"].split()
        return int(pid), int(ident)

    def check(self, helper, run, runs_together_claim):
        started = time.monotonic()
        returned = run(self.tasks(), self.own_work())
        elapsed = time.monotonic() - started
        self.found = self.kit.files(self.folder)
        unfinished = [c for c in self.children if self.seen_by(c) is None]
        with violation_of("control.join.waits-for-the-child"):
            assert not unfinished, say(f"{helper} returned while {unfinished} had not finished: it must wait for every child",
                                       f"{unfinished} 还没结束，{helper} 就返回了：它必须等待每一个子任务")
        with violation_of(runs_together_claim):
            for c in self.children:
                missing = set(self.children) - self.seen_by(c)
                assert not missing, say(
                    f"{helper}: {c} waited {self.timeout:.0f} s for {sorted(missing)} to be running at the same time, "
                    "in vain: the tasks ran one after another, not together",
                    f"{helper}：{c} 等了 {self.timeout:.0f} 秒，想等到 {sorted(missing)} 与它同时运行，却没有等到："
                    "这些任务是一个接一个运行的，而不是同时运行",
                )
        with violation_of("control.join.after-own-work"):
            assert returned == sorted(self.everyone), say(f"{helper} must return own_work()'s result, got {returned!r}",
                                                          f"{helper} 必须返回 own_work() 的结果，实际返回了 {returned!r}")
            for c in self.children:
                assert "parent" in self.seen_by(c), say(
                    f"{helper}: the parent's own work did not run while {c} was running: "
                    "it must come between starting the children and joining them",
                    f"{helper}：{c} 运行期间，父任务自己的工作并没有在运行："
                    "它必须放在启动子任务之后、join 子任务之前",
                )
        if any(name.startswith("gave-up-") for name in self.found):
            self.patience.miss()
        else:
            self.patience.succeeded(elapsed)


# ------------------------------------------------------------------ 并发与并行


def run_one_after_another(placement, n):
    """A world without concurrency, for the suite's rejection tests: each runs alone in turn."""
    rows, wall = [], 0.0
    for cpu in placement:
        w, r = run_busy([cpu], n)
        wall, rows = wall + w, rows + r
    return wall, rows


def check_one_cpu(run=run_busy):
    """Two busy processes on one CPU. Returns (CPU seconds of both, wall seconds they spanned).

    Both checks are physical, so no load can make a correct world fail them: on one CPU two
    processes cannot both be finished before both have started (they take turns), and together
    they cannot use more CPU time than the wall time that passed (10 % for clock granularity)."""
    needs_affinity(1)
    cpu = random.choice(cpus())
    wall, rows = run([cpu, cpu], work_for(0.15))
    (a0, a1, a_cpu), (b0, b1, b_cpu) = rows
    with violation_of("parallel.concurrency.one-cpu-interleaves"):
        assert max(a0, b0) < min(a1, b1), say(
            "two busy processes on one CPU: one finished before the other started "
            f"(spans {a0:.3f}-{a1:.3f} and {b0:.3f}-{b1:.3f}); the CPU should switch between them",
            "同一个 CPU 上的两个忙碌进程：一个在另一个开始之前就结束了"
            f"（时间段 {a0:.3f}-{a1:.3f} 和 {b0:.3f}-{b1:.3f}）；CPU 本应在它们之间来回切换",
        )
    overlap, span = min(a1, b1) - max(a0, b0), max(a1, b1) - min(a0, b0)
    with violation_of("multitask.timeslice.one-cpu-only-concurrency"):
        assert_ratio(
            a_cpu + b_cpu, span, high=1.1,
            what=say(f"CPU seconds used by both / wall seconds they took, on one CPU (they overlapped for {overlap:.3f} s)",
                     f"在一个 CPU 上，两者用掉的 CPU 秒数 / 它们花费的墙钟秒数（两者重叠了 {overlap:.3f} 秒）"),
        )
    return a_cpu + b_cpu, span


@claim("parallel.concurrency.one-cpu-interleaves", "multitask.timeslice.one-cpu-only-concurrency")
def test_two_busy_processes_on_one_cpu_take_turns():
    check_one_cpu()


def check_two_cpus(two_cpus=True):
    """two_cpus=False: the suite's rejection test swaps in a world without parallelism (the two
    tasks one after another)."""
    needs_affinity(2)
    n = work_for(0.12)
    run = run_busy if two_cpus else run_one_after_another
    with cpu_priority():
        together = best_cpu_per_wall(cpus()[:2], n, low=1.3, run=run)
    with violation_of("parallel.parallelism.two-cpus-overlap"):
        # Physical, so load cannot fake it: one after another the pair never uses more than one CPU
        # second per wall second; at the same instants, close to 2 in a quiet stretch. A wall-time
        # ratio (the pair / one alone) was dropped: its rounds meet different neighbours, and two
        # runs one after another once measured 1.75 beside a loaded test run.
        assert_ratio(together, 1, low=1.3, what=say("CPU seconds two busy processes on two CPUs used / wall seconds they spanned",
                                                    "两个 CPU 上的两个忙碌进程用掉的 CPU 秒数 / 它们从开始到结束的墙钟秒数"))


@claim("parallel.parallelism.two-cpus-overlap")
@pytest.mark.timeout(120)
def test_two_busy_processes_on_two_cpus_take_the_time_of_one():
    check_two_cpus()


def _spin_at(cpu, niceness, gate, stop, counter):
    os.sched_setaffinity(0, {cpu})
    os.setpriority(os.PRIO_PROCESS, 0, niceness)
    if not gate.wait(GATE_TIMEOUT):
        return
    count = 0
    while not stop.is_set():
        spin(2000)
        count += 1
    counter.value = count


def cpu_shares(cpu, niceness_a, niceness_b, window):
    gate, stop = multiprocessing.Event(), multiprocessing.Event()
    counters = [multiprocessing.Value("q", 0, lock=False) for _ in range(2)]
    base = os.getpriority(os.PRIO_PROCESS, 0)
    procs = [
        multiprocessing.Process(target=_spin_at, args=(cpu, max(base, nice), gate, stop, c), daemon=True)
        for nice, c in zip((niceness_a, niceness_b), counters)
    ]
    for p in procs:
        p.start()
    try:
        gate.set()
        time.sleep(window)  # the work being measured: both spin for this long
        stop.set()
        for p in procs:
            p.join(30)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join()
    return counters[0].value, counters[1].value


def check_priority(lowest=19):
    needs_affinity(1)
    cpu = random.choice(cpus())
    base = os.getpriority(os.PRIO_PROCESS, 0)
    with cpu_priority():
        normal, low = cpu_shares(cpu, base, lowest, 0.4)
        left, right = cpu_shares(cpu, base, base, 0.4)
    # Linux weights: niceness 0 -> 1024, 19 -> 15 (68:1); -10 -> 9548 vs 15. A bound of 4 leaves
    # a wide margin; equal priorities share about evenly (within 3x even with a late start).
    assert normal > 0, say("the process at normal priority got no CPU at all", "普通优先级的进程完全没有分到 CPU")
    assert_ratio(normal, low, low=4, what=say(f"work done at normal priority / at niceness {lowest}, on one CPU",
                                              f"在一个 CPU 上，普通优先级完成的工作量 / niceness 为 {lowest} 时完成的工作量"))
    assert_ratio(left, right, low=1 / 3, high=3, what=say("work done by two processes of equal priority on one CPU",
                                                          "在一个 CPU 上，两个优先级相同的进程各自完成的工作量之比"))


@claim("multitask.timeslice.priority-weights-the-share")
def test_priority_sets_the_share_of_one_cpu():
    check_priority()


# ------------------------------------------------------------------ 多任务: 进程

_GLOBAL = {"value": None}


def _mutate_and_report(shared_list, value, report, parent_changed):
    shared_list.append(value)
    _GLOBAL["value"] = value
    if not parent_changed.wait(GATE_TIMEOUT):
        return
    report.put(list(shared_list))  # what the child sees after the parent changed its own copy


values = st.one_of(st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=4), st.none())


def check_own_memory(value, parent_value, make=multiprocessing.Process):
    shared_list, _GLOBAL["value"] = ["original"], "untouched"
    report = multiprocessing.Queue()
    parent_changed = multiprocessing.Event()
    p = make(target=_mutate_and_report, args=(shared_list, value, report, parent_changed), daemon=True)
    p.start()
    try:
        shared_list.append(("parent", parent_value))
        parent_changed.set()
        child_saw = report.get(timeout=GATE_TIMEOUT)
        p.join(GATE_TIMEOUT)
    finally:
        if getattr(p, "kill", None) and p.is_alive():
            p.kill()
        p.join(GATE_TIMEOUT)
    assert shared_list == ["original", ("parent", parent_value)], say(
        f"the child's append reached the parent's list: {shared_list!r}", f"子进程的追加改到了父进程的列表：{shared_list!r}")
    assert _GLOBAL["value"] == "untouched", say(f"the child's change to a global reached the parent: {_GLOBAL['value']!r}",
                                                f"子进程对全局变量的修改改到了父进程：{_GLOBAL['value']!r}")
    assert child_saw == ["original", value], say(f"the child saw the parent's later change: {child_saw!r}",
                                                 f"子进程看到了父进程之后所做的修改：{child_saw!r}")


@claim("multitask.process.own-memory")
@given(value=values, parent_value=values)
@settings(max_examples=6)
def test_a_child_process_has_its_own_memory(value, parent_value):
    check_own_memory(value, parent_value)


def kit_of(implementation):
    """The subject's task kit (``kit.py``): tasks that run where the role puts them."""
    return implementation.subject().role("$kit")


@claim("multitask.process.independent")
@given(how=st.sampled_from(["exit", "kill", "raise"]), siblings=st.integers(1, 3))
@settings(max_examples=6)
def test_a_crashing_child_ends_only_itself(run_in_processes, implementation, how, siblings):
    kit = kit_of(implementation)
    folder = kit.mkdtemp()
    tasks = [(kit.task("crash"), (how,))] + [(kit.task("finish"), (folder, f"sibling{i}")) for i in range(siblings)]
    result = run_in_processes(tasks, lambda: "parent carried on")
    assert result == "parent carried on", say(f"after a child crashed ({how}), the parent's own work returned {result!r}",
                                              f"一个子进程崩溃（{how}）之后，父进程自己的工作返回了 {result!r}")
    finished = kit.listdir(folder)
    assert finished == [f"sibling{i}" for i in range(siblings)], say(
        f"after a child crashed ({how}), only {finished} of the siblings finished",
        f"一个子进程崩溃（{how}）之后，它的兄弟进程中只有 {finished} 完成了")


# ------------------------------------------------------------------ 多任务: 多进程 and 多线程


@claim(
    "multitask.processes.offloaded-tasks-run-together",
    "multitask.processes.are-os-processes",
    "control.join.waits-for-the-child",
    "control.join.after-own-work",
)
@given(n=st.integers(2, 4))  # one task alone cannot show that tasks overlap
@settings(max_examples=5)
def test_offloaded_processes_run_together(run_in_processes, implementation, patience, n):
    meeting = Meeting(kit_of(implementation), n, patience)
    meeting.check("run_in_processes", run_in_processes, "multitask.processes.offloaded-tasks-run-together")
    with violation_of("multitask.processes.are-os-processes"):
        pids = [meeting.arrival(c)[0] for c in meeting.children]
        assert meeting.kit.here()["pid"] not in pids, say(
            "a task handed to run_in_processes ran in the calling process, not in a child process",
            "交给 run_in_processes 的任务在调用它的进程里运行了，而不是在子进程里")
        assert len(set(pids)) == n, say(f"{n} tasks ran in only {len(set(pids))} process(es): {pids}",
                                        f"{n} 个任务只在 {len(set(pids))} 个进程里运行：{pids}")


def _report_process(queue, release):
    queue.put((os.getpid(), os.getppid(), Path(f"/proc/{os.getpid()}/stat").exists()))
    release.wait(GATE_TIMEOUT)


@claim("multitask.processes.are-os-processes")
def test_children_are_kernel_processes_of_the_parent():
    queue, release = multiprocessing.Queue(), multiprocessing.Event()
    p = multiprocessing.Process(target=_report_process, args=(queue, release), daemon=True)
    p.start()
    try:
        pid, ppid, listed = queue.get(timeout=GATE_TIMEOUT)
        assert pid == p.pid != os.getpid(), say(f"the child's pid {pid} should be its own (parent {os.getpid()})",
                                                f"子进程的 pid {pid} 应当是它自己的（父进程是 {os.getpid()}）")
        assert ppid == os.getpid(), say(f"the child's parent pid is {ppid}, not the parent's {os.getpid()}",
                                        f"子进程记录的父进程 pid 是 {ppid}，而不是父进程的 {os.getpid()}")
        if sys.platform.startswith("linux"):
            assert listed and Path(f"/proc/{pid}").exists(), say("the kernel does not list the running child in /proc",
                                                                 "内核没有在 /proc 中列出正在运行的子进程")
    finally:
        release.set()
        p.join(GATE_TIMEOUT)


@claim("multitask.threads.offloaded-tasks-run-together", "control.join.waits-for-the-child", "control.join.after-own-work")
@given(n=st.integers(2, 4))  # one task alone cannot show that tasks overlap
@settings(max_examples=5)
def test_offloaded_threads_run_together(run_in_threads, implementation, patience, n):
    meeting = Meeting(kit_of(implementation), n, patience)
    meeting.check("run_in_threads", run_in_threads, "multitask.threads.offloaded-tasks-run-together")


@pytest.fixture(params=["run_in_processes", "run_in_threads"])
def offloader(request, implementation):
    return request.param, implementation.role(request.param)


@claim("control.join.waits-for-the-child")
@given(n=st.integers(1, 3))
@settings(max_examples=2)
@example(n=3)
def test_offloading_helpers_return_after_every_child_ended(offloader, implementation, n):
    helper, run = offloader
    kit = kit_of(implementation)
    folder = kit.mkdtemp()
    # the first child started works longest: a helper that joins only the last one (p.join() after
    # the loop) returns 1.2 s before the first ends, more than starting two children takes loaded
    pauses = [0.2 + 0.6 * (n - 1 - i) for i in range(n)]
    run([(kit.task("pause_then_finish"), (folder, f"task{i}", pause)) for i, pause in enumerate(pauses)], lambda: None)
    finished = [name[len("finished-"):] for name in kit.listdir(folder)]
    assert len(finished) == n, say(f"{helper} returned when only {finished} of {n} tasks had finished: it must join every child",
                                   f"{n} 个任务中只有 {finished} 完成时，{helper} 就返回了：它必须 join 每一个子任务")


SLOW = 0.4  # seconds each offloaded task (and the parent's own work) waits; scaled down from 5
TASKS = 3  # doing them one after another would take (TASKS + 1) * SLOW
# Overlapped, the whole takes one SLOW plus start-up; joining the children before the parent's own
# work takes 2 SLOW, one after another TASKS + 1. 1.5 sits between, leaving 0.2 s for start-up;
# sleeps, not CPU work, so a busy neighbour barely moves it: one round settles a correct world,
# and more rounds (a best of more) could only bring a wrong one nearer the bound, never below its
# sum of sleeps. Up to 5 rounds in all, as long as a correct world stays outside.
OFFLOADED_HIGH = 1.5
# Processes: start-up is not "a few ms" under every start method. A child started by spawn or
# forkserver (the default on macOS and Windows, a legitimate choice on Linux) is a fresh
# interpreter: over one 0.4 s task that added 0.12-0.18 s measured alone (ratios 1.31-1.45) and
# 0.22-0.32 s in loaded full runs (1.56, 1.67, 1.80), so a bound of 1.5 failed correct spawn code.
# So processes wait longer, and the bound sits nearer the floor of the nearest wrong world (children
# joined before the parent's own work: 2 SLOW in a row, which no load lowers): 1.6 of 0.8 s leaves
# a correct world 0.48 s of start-up and a wrong one 20 % below its floor.
PROCESS_SLOW = 0.8
OFFLOADED_PROCESSES_HIGH = 1.6
OFFLOADED_ROUNDS = dict(rounds=1, extra=4)


@claim("multitask.processes.offloaded-time-of-one")
def test_offloading_to_processes_takes_the_time_of_one(run_in_processes, implementation):
    sleep_there = kit_of(implementation).task("sleep_for")
    with cpu_priority():
        offloaded, one = best_until_within(
            lambda: run_in_processes([(sleep_there, (PROCESS_SLOW,))] * TASKS, lambda: sleep_for(PROCESS_SLOW)),
            lambda: sleep_for(PROCESS_SLOW), high=OFFLOADED_PROCESSES_HIGH,
            **OFFLOADED_ROUNDS
        )
    # True value about 1 plus process start-up (a few ms each under fork, a tenth of a second or more under spawn)
    assert_ratio(offloaded, one, high=OFFLOADED_PROCESSES_HIGH, what=say(f"{TASKS} waiting tasks in processes plus the parent's own / one task",
                                                               f"{TASKS} 个在子进程中等待的任务加上父进程自己的任务 / 一个任务"))


@claim("multitask.threads.offloaded-time-of-one")
def test_offloading_to_threads_takes_the_time_of_one(run_in_threads, implementation):
    sleep_there = kit_of(implementation).task("sleep_for")
    with cpu_priority():
        offloaded, one = best_until_within(
            lambda: run_in_threads([(sleep_there, (SLOW,))] * TASKS, lambda: sleep_for(SLOW)), lambda: sleep_for(SLOW), high=OFFLOADED_HIGH, **OFFLOADED_ROUNDS
        )
    assert_ratio(offloaded, one, high=OFFLOADED_HIGH, what=say(f"{TASKS} waiting tasks in threads plus the main thread's own / one task",
                                                               f"{TASKS} 个在线程中等待的任务加上主线程自己的任务 / 一个任务"))


def _return_and_send(value, queue):
    queue.put(value)
    return value


@claim("multitask.processes.return-value-not-returned")
@given(value=st.one_of(st.integers(1, 255), st.text(min_size=1, max_size=10), st.lists(st.integers(), min_size=1, max_size=3)))
@settings(max_examples=5)
def test_a_process_target_return_value_is_discarded(value):
    queue = multiprocessing.Queue()
    p = multiprocessing.Process(target=_return_and_send, args=(value, queue), daemon=True)
    assert p.start() is None
    sent = queue.get(timeout=GATE_TIMEOUT)
    assert p.join(GATE_TIMEOUT) is None
    assert p.exitcode == 0, say(f"the target returned {value!r}; the exit code is {p.exitcode}, not 0",
                                f"target 返回了 {value!r}；退出码却是 {p.exitcode}，而不是 0")
    assert value not in vars(p).values(), say("the Process object holds the target's return value", "Process 对象保存了 target 的返回值")
    assert sent == value, say("a Queue carries the value back", "Queue 应当把这个值带回来")


def cpu_per_wall(rows):
    """CPU seconds busy processes used per wall second of their joint span. Above 1 only if two
    ran at the same instants: impossible on one CPU, whatever the load (a neighbour only lowers it)."""
    span = max(end for _, end, _ in rows) - min(start for start, _, _ in rows)
    return sum(used for _, _, used in rows) / span


def best_cpu_per_wall(placement, n, *, low, rounds=10, run=run_busy):
    best = 0.0
    for _ in range(rounds):  # more rounds only while below: one quiet stretch shows the second CPU
        best = max(best, cpu_per_wall(run(placement, n)[1]))
        if best >= low:
            break
    return best


def check_processes_parallel(one_cpu=False):
    """one_cpu=True: the suite's rejection test, a machine with a single core."""
    needs_affinity(2)
    n = work_for(0.12)
    cpu = cpus()[0] if one_cpu else None
    with cpu_priority():
        together = best_cpu_per_wall([cpu, cpu], n, low=1.3)
    # Physical, so a loaded machine cannot fake it: on one CPU the measurement is at most 1 (plus
    # clock granularity); two cores with a quiet stretch give close to 2. Wall-time alone can: with
    # a busy neighbour on the one CPU, two processes take 2/3 of it and one only 1/2, a "speed-up" of 0.75.
    # This is the speed-up itself: the CPU time is what one process would take for both tasks. A
    # wall-time ratio of two runs (two processes / one) was dropped: its rounds meet different
    # neighbours, and CI measured 0.90 once on two cores where this measure passed.
    assert_ratio(together, 1, low=1.3, what=say("CPU seconds two busy processes used / wall seconds they spanned",
                                                "两个忙碌进程用掉的 CPU 秒数 / 它们从开始到结束的墙钟秒数"))


@claim("multitask.processes.parallelism-is-real")
@pytest.mark.timeout(120)
def test_two_processes_really_run_in_parallel():
    check_processes_parallel()


def busy_for(seconds):
    spin(work_for(seconds))


def check_beyond_cores(waiting=sleep_for):
    """waiting=busy_for: the suite's rejection test, where the 'waiting' tasks compute instead."""
    needs_affinity(1)
    cpu = random.choice(cpus())  # two runs of this spec at once (two sessions) rarely share a CPU
    n = work_for(0.12)
    with cpu_priority():
        most = max(cpu_per_wall(run_busy([cpu, cpu], n)[1]) for _ in range(2))
    with violation_of("multitask.processes.beyond-cores"):
        # Two busy processes on one CPU get at most one CPU-second per wall second (measured
        # 0.98-1.00), the most one process gets: no speed-up. Not a wall-time ratio against one
        # process: a neighbour pinned to that CPU gives two processes 2/3 of it and one only 1/2.
        assert_ratio(most, 1, high=1.15, what=say("CPU seconds two busy processes on one CPU used / wall seconds they spanned",
                                                  "一个 CPU 上的两个忙碌进程用掉的 CPU 秒数 / 它们从开始到结束的墙钟秒数"))
    original = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpu})  # children inherit the single CPU
    try:
        with cpu_priority():
            many, one_by_one = best_until_within(
                lambda: start_all_join_all([multiprocessing.Process(target=waiting, args=(0.1,)) for _ in range(4)]),
                lambda: [waiting(0.1) for _ in range(4)],
                high=0.6, rounds=2,
            )
    finally:
        os.sched_setaffinity(0, original)
    with violation_of("multitask.processes.beyond-cores"):
        # Four waiting processes on one CPU: true value about 0.25 plus start-up; no gain would be 1.
        assert_ratio(many, one_by_one, high=0.6, what=say("four waiting tasks in four processes on one CPU / one after another",
                                                          "一个 CPU 上四个进程各运行一个等待任务 / 四个任务一个接一个运行"))


@claim("multitask.processes.beyond-cores")
@pytest.mark.timeout(120)
def test_extra_processes_help_waiting_tasks_not_busy_ones():
    check_beyond_cores()


def _threads_of_this_process():
    """Kernel ids of this process's threads (Linux), or None."""
    return {int(t) for t in os.listdir("/proc/self/task")} if os.path.isdir("/proc/self/task") else None


def check_threads_in_one_process(n, pids, pid, ours, members):
    """n threads reported the pids `pids` from inside; `ours` are their ids, `members` the threads
    the system lists for this process, whose pid is `pid`."""
    assert pids == [pid] * n, say(f"threads reported pids {pids}; the process is {pid}",
                                  f"线程报告的 pid 是 {pids}；而进程的 pid 是 {pid}")
    assert ours <= members, say(f"{len(ours - members)} of {n} running threads are not threads of this process",
                                f"{n} 个正在运行的线程中有 {len(ours - members)} 个不属于这个进程")


@claim("multitask.threads.many-in-one-process")
@given(n=st.integers(1, 5))
@settings(max_examples=5)
def test_threads_live_in_one_process(n):
    release, ready = threading.Event(), threading.Barrier(n + 1, timeout=GATE_TIMEOUT)
    pids = []

    def body():
        pids.append(os.getpid())
        ready.wait()
        release.wait(GATE_TIMEOUT)

    threads = [threading.Thread(target=body, daemon=True) for _ in range(n)]
    for t in threads:
        t.start()
    try:
        ready.wait()
        members = _threads_of_this_process()
    finally:
        release.set()
        for t in threads:
            t.join(GATE_TIMEOUT)
    ours = {t.native_id for t in threads} if members is not None else set(threads)
    members = members if members is not None else set(threading.enumerate())
    check_threads_in_one_process(n, pids, os.getpid(), ours, members)


@claim("multitask.threads.preempted")
def test_a_busy_thread_does_not_starve_the_others(patience):
    stop = threading.Event()

    def busy():
        while not stop.is_set():
            pass  # never sleeps, never waits on anything that releases the GIL voluntarily

    spinner = threading.Thread(target=busy, daemon=True)
    spinner.start()
    try:
        progress, done = [], threading.Event()

        def other():
            for i in range(200):
                progress.append(i)
                spin(100)
            done.set()

        threading.Thread(target=other, daemon=True).start()
        assert done.wait(patience.seconds), say(
            f"a second thread made only {len(progress)} of 200 steps while one thread computed: threads should be switched",
            f"一个线程在计算时，第二个线程只走完了 200 步中的 {len(progress)} 步：线程之间本应轮流切换",
        )
    finally:
        stop.set()
        spinner.join(GATE_TIMEOUT)


def check_kernel_threads(ids, inside, main_id, tasks):
    """ids: each thread's native_id; inside: what get_native_id() said in each; main_id: the
    calling thread's; tasks: the threads the kernel lists for this process (/proc/self/task)."""
    assert ids == inside, say("native_id should be what get_native_id() says inside the thread",
                              "native_id 应当等于线程内部 get_native_id() 的返回值")
    assert len(set(ids + [main_id])) == len(ids) + 1, say(f"kernel thread ids are not distinct: {ids}",
                                                          f"内核线程 id 有重复：{ids}")
    assert set(ids) <= tasks, say(f"the kernel does not list threads {sorted(set(ids) - tasks)} under /proc/self/task",
                                  f"内核没有在 /proc/self/task 下列出线程 {sorted(set(ids) - tasks)}")


def threads_seen(n):
    """What n running threads of this process show, all alive at once: (pid, kernel id) each saw
    inside, their native_id attributes, and the threads the kernel lists (/proc/self/task)."""
    ready, release, seen = threading.Barrier(n + 1, timeout=GATE_TIMEOUT), threading.Event(), [None] * n

    def body(i):
        seen[i] = (os.getpid(), threading.get_native_id())
        ready.wait()
        release.wait(GATE_TIMEOUT)

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    try:
        ready.wait()
        tasks = {int(t) for t in os.listdir("/proc/self/task")}
    finally:
        release.set()
        for t in threads:
            t.join(GATE_TIMEOUT)
    return seen, [t.native_id for t in threads], tasks


@claim("multitask.threads.are-os-threads")
@given(n=st.integers(1, 5))
@settings(max_examples=5)
def test_threads_are_kernel_threads(n):
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("needs /proc/self/task (Linux)")
    seen, ids, tasks = threads_seen(n)
    check_kernel_threads(ids, [native for _, native in seen], threading.get_native_id(), tasks)


# ------------------------------------------------------------------ GIL全局解释锁


def cores_used_by_two_threads(work, *, rounds, enough=None):
    """The best, over rounds, of the CPU seconds two threads each running work() got per wall
    second the pair took; stops early once `enough`. Only above 1 if both ran at the same instants:
    a busy neighbour takes wall time and never gives CPU time, so load cannot fake it."""
    used = []

    def counted():
        start = time.thread_time()
        work()
        used.append(time.thread_time() - start)

    best = 0.0
    with cpu_priority():
        for _ in range(rounds):
            used.clear()
            started = time.perf_counter()
            start_all_join_all([threading.Thread(target=counted) for _ in range(2)])
            best = max(best, sum(used) / (time.perf_counter() - started))
            if enough is not None and best >= enough:
                break
    return best


def check_gil(expect_gil):
    """expect_gil: which truth to check; the suite's rejection test passes the other one.

    Measured as cores in use: the CPU time the two threads got, over the wall time they took.
    A busy neighbour only lowers that figure (it takes wall time, never gives CPU time), so
    with a GIL no amount of load can make two threads look parallel."""
    needs_affinity(2)
    n = work_for(0.12)
    best = cores_used_by_two_threads(lambda: spin(n), rounds=5, enough=None if expect_gil else 1.3)
    if expect_gil:
        # Measured 0.99-1.00 here: one thread runs bytecode at a time; parallel threads give ~2.
        assert best < 1.3, say(f"two threads computing used {best:.2f} cores at once: "
                               "with the GIL, CPU-bound threads should take turns on one",
                               f"两个做计算的线程同时用了 {best:.2f} 个核：有 GIL 时，CPU 密集型线程应当在一个核上轮流运行")
    else:
        # Free-threaded build: the threads really run in parallel (~2 cores); with a GIL ~1.
        assert best >= 1.3, say(f"two threads computing used only {best:.2f} cores at once, "
                                "GIL disabled: CPU-bound threads should run in parallel",
                                f"两个做计算的线程同时只用了 {best:.2f} 个核，而 GIL 已禁用：CPU 密集型线程应当并行运行")


@claim("multitask.gil.cpu-bound-threads-not-parallel")
@pytest.mark.timeout(120)
def test_cpu_bound_threads_and_the_gil():
    check_gil(expect_gil=gil_enabled())


_ROUNDS = []


def _derive_key():
    """C code that releases the GIL for its whole length: PBKDF2 (about 0.1 s, set by calibration)."""
    hashlib.pbkdf2_hmac("sha256", b"password", b"salt", _ROUNDS[0])


def check_released(work=_derive_key):
    """work=a pure-Python task: the suite's rejection test, code that never releases the GIL."""
    needs_affinity(2)
    if not _ROUNDS:
        start = time.process_time()  # CPU time: a busy neighbour cannot shorten the calibration
        hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 50_000)
        _ROUNDS.append(max(1000, int(50_000 * 0.1 / max(time.process_time() - start, 1e-4))))

    # As cores in use, not as a wall-time ratio of two runs (threads / one after another): those
    # runs meet different neighbours, and CI once let pure-Python threads pass that way.
    best = cores_used_by_two_threads(work, rounds=10, enough=1.3)
    assert_ratio(best, 1, low=1.3, what=say("CPU seconds C code that releases the GIL used in two threads / wall seconds",
                                            "两个线程中运行的、会释放 GIL 的 C 代码用掉的 CPU 秒数 / 墙钟秒数"))


@claim("multitask.gil.released-outside-bytecode")
@pytest.mark.timeout(120)
def test_threads_run_in_parallel_outside_bytecode():
    check_released()
