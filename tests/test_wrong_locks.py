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
