"""The lock, race and built-in pool specs' checks reject wrong statements of their claims
(tests/rejections.py).

Each test states a wrong version of a claim (the tutorial's, or a tempting mistake), runs the
check the spec runs against the world where that statement would hold, and shows the check fails.
"""
import threading

import pytest

from specs import test_locks as locks
from tests.rejections import rejects


# --- 线程资源争夺 --------------------------------------------------------------------------------


@rejects("race.update-is-read-modify-write")
def test_an_update_that_were_one_instruction_is_rejected():
    # "var += i is one indivisible operation": if it compiled to a single store, the check says so
    with pytest.raises(AssertionError, match="expected a read"):
        locks.check_read_modify_write("a global variable", "+=", [("STORE_GLOBAL", "var")])
    # and the check does see the steps the interpreter really has
    locks.check_read_modify_write("a global variable", "+=", locks.update_instructions("a global variable", "+="))


@rejects("race.lost-update-needs-a-switch")
def test_an_unlocked_counter_is_not_always_exact():
    # "threads never lose updates" (what CPython 3.10+ seems to show for a plain var += i):
    # one schedule with a single switch between a read and its write loses one
    final, run = locks.run_unlocked([[1], [1]], [0, 1])
    with pytest.raises(AssertionError):
        assert final == 2, run.describe()


@rejects("race.lost-update-needs-a-switch")
def test_an_unlocked_counter_is_not_always_wrong():
    # "unsynchronised threads always give wrong results": without a switch inside an update, exact
    final, run = locks.run_unlocked([[1, 2], [3]], [])
    assert run.preemptions == 0
    with pytest.raises(AssertionError):
        assert final != 6, run.describe()


@rejects("race.lost-update-needs-a-switch")
def test_updates_made_atomic_by_the_runtime_would_be_rejected():
    # "Python's threads never lose an update": in a runtime where an update is atomic (here, held
    # under a lock the second thread must wait for), the real-thread check finds no lost update
    guard = threading.Lock()

    def atomic_update(shared, amount, between):
        with guard:
            locks.racing_update(shared, amount, between)

    with pytest.raises(AssertionError, match="should overwrite"):
        locks.check_real_threads_lose_one_update(atomic_update, wait=0.2)


# --- 互斥锁 -------------------------------------------------------------------------------------


@rejects("lock.mutual-exclusion")
def test_a_lock_that_two_threads_can_hold_is_rejected():
    # "a Lock lets a second thread in": a semaphore of 2 does; the spec's check rejects it
    with pytest.raises(AssertionError, match="expected it to block"):
        locks.check_mutual_exclusion(lambda: threading.Semaphore(2))


class LenientLock:
    """A lock for which releasing an unheld lock is harmless (the wrong statement)."""

    def __init__(self):
        self._lock = threading.Lock()

    def acquire(self, *args, **kwargs):
        return self._lock.acquire(*args, **kwargs)

    def release(self):
        if self._lock.locked():
            self._lock.release()


@rejects("lock.release-unheld-raises")
def test_releasing_an_unheld_lock_is_not_harmless():
    with pytest.raises(AssertionError, match="expected RuntimeError"):
        locks.check_release_unheld_raises(LenientLock)


@rejects("lock.not-reentrant")
def test_a_lock_is_not_like_an_rlock():
    # "a thread may take its own lock again": true of RLock, and the spec's check rejects it
    with pytest.raises(AssertionError, match="not reentrant"):
        locks.check_not_reentrant(threading.RLock, 0.01)


# --- 内置线程池 / 进程池 (facts about multiprocessing.pool; no role) ------------------------------

from multiprocessing.pool import ThreadPool  # noqa: E402

from specs import test_builtin_pools as bp  # noqa: E402
from specs.harness.blocking import Patience  # noqa: E402


@pytest.fixture
def pools():
    made = []

    def make(*args, **kwargs):
        pool, gate = bp.make_pool(*args, **kwargs)
        made.append((pool, gate))
        return pool, gate

    yield make
    for pool, gate in made:
        gate.set()
        pool.terminate()
        pool.join()


@rejects("pool.builtin.apply-async-kwds")
def test_apply_async_does_not_take_kwargs(pools):
    # "apply_async(f, args, kwargs=...)" (the name Thread and submit_tasks use) is a TypeError
    pool, _ = pools("ThreadPool", 1)
    with pytest.raises(TypeError):
        pool.apply_async(bp.echo, args=(1,), kwargs={"a": 2})
    bp.check_apply_async(pool, (1,), {"a": 2}, 10)


class _ResultsWithoutErrors:
    """A pool whose results swallow task errors (the wrong statement: get() returns None)."""

    def __init__(self, pool):
        self.pool = pool

    def apply_async(self, func, args=()):
        real = self.pool.apply_async(func, args)

        class Result:
            def get(self, timeout):
                try:
                    return real.get(timeout)
                except ValueError:
                    return None

            def ready(self):
                return True

            def successful(self):
                return True

        return Result()


@rejects("pool.builtin.results-through-get")
def test_get_does_not_hide_a_task_error(pools):
    pool, _ = pools("ThreadPool", 1)
    with pytest.raises(AssertionError):
        try:
            bp.check_get(_ResultsWithoutErrors(pool), [True], 10)
        except pytest.fail.Exception as exc:  # pytest.raises(...) not raising is reported as Failed
            raise AssertionError(str(exc)) from exc


@rejects("pool.builtin.join-needs-close")
def test_join_without_close_does_not_wait(pools):
    # "join() waits for the tasks" without close(): it raises instead
    pool, gate = pools("ThreadPool", 1)
    pool.apply_async(bp.wait_for_gate, ("x",))
    with pytest.raises(ValueError):
        pool.join()


@rejects("pool.builtin.close-stops-new-tasks")
def test_a_closed_pool_does_not_accept_tasks(pools):
    pool, _ = pools("ThreadPool", 1)
    pool.close()
    with pytest.raises(ValueError):
        pool.apply_async(bp.echo, (1,))


@rejects("pool.threadpool.n-at-once-in-this-process")
def test_threadpool_does_not_run_n_plus_1_at_once():
    # "ThreadPool(n) runs n+1 tasks at once": the check with n+1 against ThreadPool(n) fails
    pool = ThreadPool(2)
    try:
        with pytest.raises(AssertionError, match="barrier of 3|3 cannot run at once"):
            bp.check_n_at_once(lambda f: pool.apply_async(f), 3, Patience(generous=1.0), "ThreadPool(2)")
    finally:
        pool.terminate()
        pool.join()


@rejects("pool.process.n-at-once-in-other-processes")
def test_pool_tasks_do_not_run_in_the_calling_process(pools):
    # "Pool tasks share the caller's memory, like threads": the check run on a ThreadPool fails
    pool, _ = pools("ThreadPool", 1, barriers={1: 10, 2: 0.5})
    with pytest.raises(AssertionError, match="calling process"):
        bp.check_process_pool(pool, 1, 10)


@rejects("pool.process.unpicklable-task-fails")
def test_pool_does_not_run_a_lambda_like_threadpool_does(pools):
    # a ThreadPool runs a lambda; a Pool cannot even send it
    pool, _ = pools("ThreadPool", 1)
    assert pool.apply_async(lambda: 1).get(10) == 1
    process_pool, _ = pools("Pool", 1)
    with pytest.raises(Exception, match="(?i)pickle|local object"):
        process_pool.apply_async(lambda: 1).get(10)


@rejects("pool.process.dead-worker-loses-its-task")
def test_a_dead_workers_task_is_not_reported(pools):
    # "get() reports that the worker died": it never becomes ready; only the timeout ends the wait
    pool, _ = pools("Pool", 1)
    lost = pool.apply_async(bp.die)
    pool.apply_async(bp.where_am_i).get(30)
    with pytest.raises(AssertionError):
        assert lost.ready(), "the dead worker's result was reported"
    bp.check_lost(lost)


@rejects("pool.cpu-count.logical-cpus-of-the-machine")
def test_cpu_count_as_the_usable_or_physical_cpus_is_rejected():
    with pytest.raises(AssertionError):
        bp.check_cpu_count(1, 2, 1)  # wrong: cpu_count() counts the CPUs this process may use
    with pytest.raises(AssertionError):
        bp.check_cpu_count(2, 4, 1)  # wrong: cpu_count() counts physical cores (4 hardware threads online)
    bp.check_cpu_count(4, 4, 1)
