"""内置线程池 / 进程池 — multiprocessing.pool.ThreadPool and Pool, as the tutorial uses them.

Facts about the standard library: no role is involved. Tasks are module-level functions (a Pool
pickles them by name). Synchronisation objects reach Pool workers through the pool's initializer
(inherited at fork), never as task arguments, which a Pool cannot pickle.
"""
import multiprocessing
import os
import pickle
import threading
from multiprocessing.pool import ThreadPool
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import claim
from .harness.blocking import assert_returns_promptly, assert_stays_blocked
from .harness.messages import say
from .test_thread_pool import check_n_at_once

KINDS = ["ThreadPool", "Pool"]
CONTEXT = multiprocessing.get_context("fork")  # Linux default up to 3.13; explicit, so 3.14 agrees

# Set in each worker by the pool's initializer.
GATE = None  # an Event tasks wait on
BARRIERS = None  # {parties: Barrier}
TOUCHED = []  # module state a task changes


def _init(gate, barriers):
    global GATE, BARRIERS
    GATE, BARRIERS = gate, barriers


def make_pool(kind, n, barriers=None):
    """A pool of n workers whose tasks can wait on GATE and on barriers ({parties: timeout})."""
    barriers = barriers or {}
    if kind == "ThreadPool":
        gate = threading.Event()
        made = {p: threading.Barrier(p, timeout=t) for p, t in barriers.items()}
        pool = ThreadPool(n, initializer=_init, initargs=(gate, made))
    else:
        gate = CONTEXT.Event()
        made = {p: CONTEXT.Barrier(p, timeout=t) for p, t in barriers.items()}
        pool = CONTEXT.Pool(n, initializer=_init, initargs=(gate, made))
    return pool, gate


def shared_pool(pools, kind, n=2):
    """One pool for all the examples of a spec (starting processes per example would be slow)."""
    if not hasattr(pools, "shared"):
        pools.shared = pools(kind, n)[0]
    return pools.shared


@pytest.fixture
def pools():
    made = []

    def make(*args, **kwargs):
        pool, gate = make_pool(*args, **kwargs)
        made.append((pool, gate))
        return pool, gate

    yield make
    for pool, gate in made:
        gate.set()
        pool.terminate()
        pool.join()


# ---- tasks (module level, so a Pool can send them) ----


def echo(*args, **kwargs):
    return args, kwargs


def succeed_or_raise(value, fails):
    if fails:
        raise ValueError(f"task {value} fails on purpose")
    return value * 2


def wait_for_gate(label):
    GATE.wait(60)
    return label


def where_am_i():
    return os.getpid(), threading.get_ident()


def touch(value):
    TOUCHED.append(value)
    return len(TOUCHED)


def meet(parties):
    try:
        BARRIERS[parties].wait()
        return "passed"
    except threading.BrokenBarrierError:
        return "broken"


def die():
    os._exit(3)


# ---- 内置线程池: apply_async, get, close, join ----

arguments = st.lists(st.integers() | st.text(max_size=5), max_size=3).map(tuple)
keywords = st.dictionaries(st.sampled_from(["a", "s", "key"]), st.integers(), max_size=3)


def check_apply_async(pool, args, kwds, timeout):
    result = pool.apply_async(echo, args=args, kwds=kwds)
    got = result.get(timeout)
    assert got == (args, kwds), say(f"apply_async(f, args={args!r}, kwds={kwds!r}) ran f with {got}",
                                    f"apply_async(f, args={args!r}, kwds={kwds!r}) 运行 f 时传入的是 {got}")
    with pytest.raises(TypeError):
        pool.apply_async(echo, args=args, kwargs=kwds)  # the tutorial's own correction: kwds, not kwargs


@claim("pool.builtin.apply-async-kwds")
@pytest.mark.parametrize("kind", KINDS)
@given(args=arguments, kwds=keywords)
def test_apply_async_passes_args_and_kwds(pools, patience, kind, args, kwds):
    check_apply_async(shared_pool(pools, kind), args, kwds, patience.seconds)


def check_get(pool, plan, timeout):
    results = [pool.apply_async(succeed_or_raise, (i, fails)) for i, fails in enumerate(plan)]
    for i, (result, fails) in enumerate(zip(results, plan)):
        if fails:
            with pytest.raises(ValueError, match=f"task {i} fails on purpose"):
                result.get(timeout)
            assert result.ready() and not result.successful()
        else:
            assert result.get(timeout) == i * 2, say(f"task {i}: get() returned {(got := result.get(timeout))!r}",
                                                     f"任务 {i}：get() 返回了 {got!r}")
            assert result.successful()


@claim("pool.builtin.results-through-get")
@pytest.mark.parametrize("kind", KINDS)
@given(plan=st.lists(st.booleans(), min_size=1, max_size=6))
def test_get_returns_the_result_or_reraises(pools, patience, kind, plan):
    check_get(shared_pool(pools, kind), plan, patience.seconds)


@claim("pool.builtin.join-needs-close")
@pytest.mark.parametrize("kind", KINDS)
@given(n=st.integers(1, 3), tasks=st.integers(1, 5))
def test_join_before_close_raises_and_after_close_waits_for_the_tasks(pools, patience, kind, n, tasks):
    pool, gate = pools(kind, n)
    results = [pool.apply_async(wait_for_gate, (i,)) for i in range(tasks)]
    with pytest.raises(ValueError):
        pool.join()
    pool.close()
    join = assert_stays_blocked(pool.join, what=say(f"{kind}({n}).join() after close() while {tasks} task(s) wait",
                                                    f"close() 之后、还有 {tasks} 个任务在等待时调用 {kind}({n}).join()"), settle=0.05)
    gate.set()
    join.assert_returns(say(f"{kind}({n}).join() once the tasks could finish", f"任务可以完成之后的 {kind}({n}).join()"), timeout=patience)
    assert [r.get(0) for r in results] == list(range(tasks)), say("join() returned before every task had finished",
                                                                  "join() 在所有任务完成之前就返回了")


@claim("pool.builtin.close-stops-new-tasks")
@pytest.mark.parametrize("kind", KINDS)
@given(tasks=st.integers(1, 5))
def test_close_refuses_new_tasks_but_finishes_the_old(pools, patience, kind, tasks):
    pool, gate = pools(kind, 2)
    results = [pool.apply_async(wait_for_gate, (i,)) for i in range(tasks)]
    pool.close()
    with pytest.raises(ValueError):
        pool.apply_async(wait_for_gate, ("late",))
    gate.set()
    assert [r.get(patience.seconds) for r in results] == list(range(tasks)), say("a task submitted before close() did not finish",
                                                                                 "close() 之前提交的任务没有完成")


# ---- 内置线程池: threads of this process ----


@claim("pool.threadpool.n-at-once-in-this-process")
@given(n=st.integers(1, 4))
def test_threadpool_runs_n_tasks_at_once_in_this_process(pools, patience, n):
    pool, _ = pools("ThreadPool", n)
    check_n_at_once(lambda f: pool.apply_async(f), n, patience, f"ThreadPool({n})")
    pid, ident = pool.apply_async(where_am_i).get(patience.seconds)
    assert pid == os.getpid(), say(f"a ThreadPool task ran in process {pid}, not in the caller's {os.getpid()}",
                                   f"ThreadPool 的任务在进程 {pid} 中运行，而不是在调用者的进程 {os.getpid()} 中")
    assert ident != threading.get_ident(), say("a ThreadPool task ran on the calling thread", "ThreadPool 的任务在调用它的线程上运行了")
    before = len(TOUCHED)
    pool.apply_async(touch, ("x",)).get(patience.seconds)
    assert len(TOUCHED) == before + 1, say("a ThreadPool task's change to a module list is not visible to the caller",
                                           "ThreadPool 的任务修改了模块中的列表，调用者却看不到这个修改")


# ---- 进程池: other processes ----


def check_process_pool(pool, n, timeout):
    # n tasks at a barrier of n: all pass; n+1 at a barrier of n+1: n workers cannot hold n+1 tasks,
    # so it breaks on its timeout (the verdict does not depend on the timeout, see check_n_at_once).
    outcomes = [r.get(timeout) for r in [pool.apply_async(meet, (n,)) for _ in range(n)]]
    assert outcomes == ["passed"] * n, say(f"Pool({n}): {outcomes.count('passed')} of {n} tasks waiting for each other got through",
                                           f"Pool({n})：{n} 个互相等待的任务中只有 {outcomes.count('passed')} 个通过了屏障")
    outcomes = [r.get(timeout) for r in [pool.apply_async(meet, (n + 1,)) for _ in range(n + 1)]]
    assert "passed" not in outcomes, say(f"Pool({n}): {outcomes.count('passed')} of {n + 1} tasks got through a barrier of {n + 1}",
                                         f"Pool({n})：{n + 1} 个任务中有 {outcomes.count('passed')} 个通过了 {n + 1} 方屏障")
    places = [r.get(timeout) for r in [pool.apply_async(where_am_i) for _ in range(3 * n)]]
    pids = {pid for pid, _ in places}
    assert os.getpid() not in pids, say("a Pool task ran in the calling process", "Pool 的任务在调用者的进程中运行了")
    assert len(pids) <= n, say(f"Pool({n}) ran tasks in {len(pids)} processes", f"Pool({n}) 在 {len(pids)} 个进程中运行了任务")
    before = len(TOUCHED)
    pool.apply_async(touch, ("x",)).get(timeout)
    assert len(TOUCHED) == before, say("a Pool task's change to a module list showed up in the calling process",
                                       "Pool 的任务对模块中列表的修改出现在了调用者的进程中")


@claim("pool.process.n-at-once-in-other-processes")
@given(n=st.integers(1, 3))
def test_pool_runs_n_tasks_at_once_in_other_processes(pools, patience, n):
    # the barrier of n waits as long as a slow machine needs; the one of n+1 must break (0.5 s)
    pool, _ = pools("Pool", n, barriers={n: patience.seconds, n + 1: 0.5})
    check_process_pool(pool, n, patience.seconds)


# `which` (the spec matches on the English), in a Chinese reason
WHICH_ZH = {"a lambda": "一个 lambda 函数", "a function defined inside another function": "一个在另一个函数内部定义的函数",
            "a lambda argument": "一个以 lambda 为参数的任务"}


def _local_function():
    def inner():
        return 1

    return inner


@claim("pool.process.unpicklable-task-fails")
@given(which=st.sampled_from(["a lambda", "a function defined inside another function", "a lambda argument"]))
def test_pool_reports_a_task_it_cannot_pickle(pools, patience, which):
    pool, _ = pools("Pool", 1)
    if which == "a lambda":
        result = pool.apply_async(lambda: 1)
    elif which == "a lambda argument":
        result = pool.apply_async(echo, (lambda: 1,))
    else:
        result = pool.apply_async(_local_function())
    try:
        value = assert_returns_promptly(lambda: result.get(patience.seconds), what=say(f"get() of a Pool task that is {which}",
                                                                                       f"Pool 任务是{WHICH_ZH[which]}时调用 get()"))
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        # "Can't pickle <lambda>..." / "Can't pickle local object ..." (3.9-3.12), "Can't get local object ..." (3.13)
        said = str(exc).lower()
        assert "pickle" in said or "local object" in said, say(f"the error for {which} does not say why it cannot be sent: {exc!r}",
                                                               f"{WHICH_ZH[which]}的错误信息没有说明它为什么无法发送：{exc!r}")
    else:
        raise AssertionError(say(f"a Pool ran {which} and returned {value!r}; expected a pickling error",
                                 f"Pool 运行了{WHICH_ZH[which]}并返回了 {value!r}；应当出现无法 pickle 的错误"))
    assert pool.apply_async(echo, (1,)).get(patience.seconds) == ((1,), {}), say("the pool stopped working after the pickling error",
                                                                                 "出现 pickle 错误之后，进程池不再工作了")


def online_cpus():
    """Logical CPUs the kernel has online, read from /sys (ranges like "0-3,6")."""
    count = 0
    for part in Path("/sys/devices/system/cpu/online").read_text().strip().split(","):
        first, _, last = part.partition("-")
        count += int(last or first) - int(first) + 1
    return count


def _counts_on_one_cpu(report, cpu):
    os.sched_setaffinity(0, {cpu})
    report.put((multiprocessing.cpu_count(), len(os.sched_getaffinity(0))))


def check_cpu_count(counted, online, usable):
    assert counted == online, say(f"cpu_count() returned {counted}; the machine has {online} logical CPUs online",
                                  f"cpu_count() 返回了 {counted}；这台机器有 {online} 个在线的逻辑 CPU")
    assert usable < counted, say(f"a process allowed {usable} CPU(s) got cpu_count() = {counted}: the count ignored nothing",
                                 f"只允许使用 {usable} 个 CPU 的进程得到 cpu_count() = {counted}：这个计数没有忽略 CPU 亲和性的限制")


@claim("pool.cpu-count.logical-cpus-of-the-machine")
def test_cpu_count_counts_the_machine_not_the_cpus_a_process_may_use():
    if not hasattr(os, "sched_setaffinity") or not Path("/sys/devices/system/cpu/online").exists():
        pytest.skip("needs Linux (sched_setaffinity, /sys/devices/system/cpu/online)")
    online = online_cpus()
    if online < 2:
        pytest.skip("one logical CPU: a narrowed affinity cannot differ from the machine's count")
    report = CONTEXT.Queue()
    child = CONTEXT.Process(target=_counts_on_one_cpu, args=(report, min(os.sched_getaffinity(0))))
    child.start()
    try:
        counted, usable = report.get(timeout=30)
    finally:
        child.join(30)
    check_cpu_count(counted, online, usable)


@claim("pool.process.dead-worker-loses-its-task")
@given(n=st.integers(1, 2))
def test_a_dead_workers_task_never_completes_but_the_pool_goes_on(pools, patience, n):
    pool, _ = pools("Pool", n)
    lost = pool.apply_async(die)
    # the pool replaces the dead worker: later tasks run (this waits on real work, not on a clock)
    later = [pool.apply_async(where_am_i) for _ in range(2 * n)]
    for result in later:
        result.get(patience.seconds)
    check_lost(lost)


def check_lost(lost, wait=0.2):
    assert not lost.ready(), say("the result of the task whose worker died became ready", "工作进程已死掉的那个任务，其结果却变成了就绪")
    with pytest.raises(multiprocessing.TimeoutError):
        lost.get(wait)
