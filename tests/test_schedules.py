"""The schedule explorer (specs/harness/schedules.py) finds the lost update, shrinks it to the
smallest schedule (two threads, one preemption), explains it in words, and replays exactly."""
import threading

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from specs.harness.schedules import Explorer, ScheduleError, overwritten_updates
from specs.test_locks import run_unlocked, thread_work

SHRINKING = settings(
    max_examples=300,
    database=None,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.timeout(120)
def test_hypothesis_finds_the_lost_update_and_shrinks_it_to_two_threads_and_one_preemption():
    failures = []

    @SHRINKING
    @given(work=thread_work(negative=False))
    def unlocked_counter_is_always_exact(work):
        amounts, schedule = work
        final, run = run_unlocked(amounts, schedule)
        if final != sum(map(sum, amounts)):
            failures.append((amounts, schedule, run))
            raise AssertionError(run.describe() + "\n" + "\n".join(overwritten_updates(run, "counter")))

    with pytest.raises(AssertionError) as caught:
        unlocked_counter_is_always_exact()
    amounts, schedule, run = failures[-1]  # Hypothesis replays the shrunk example last
    assert len(amounts) == 2, f"not shrunk to two threads: {amounts}"
    assert amounts == [[1], [1]], f"not shrunk to one update of 1 each: {amounts}"
    assert run.preemptions == 1, run.describe()
    assert schedule == [0, 1], run.describe()
    message = str(caught.value)
    for words in (
        "thread A reads counter → 0",
        "thread B reads counter → 0",
        "switch: thread A was stopped here",
        "thread B writes counter ← 1",
        "thread A writes counter ← 1",
        "that update is lost",
    ):
        assert words in message, f"{words!r} missing from the explanation:\n{message}"


def test_the_explanation_reads_step_by_step():
    final, run = run_unlocked([[1], [1]], [0, 1])
    assert final == 1
    assert run.describe().splitlines() == [
        "Schedule [0, 1]: 2 threads, 4 steps, 1 preemption(s), in this order:",
        "  1. thread A reads counter → 0",
        "  2. thread B reads counter → 0   ← switch: thread A was stopped here although it could go on",
        "  3. thread B writes counter ← 1, then finishes",
        "  4. thread A writes counter ← 1, then finishes",
    ]


@settings(max_examples=50, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(work=thread_work())
def test_the_same_schedule_gives_the_same_run(work):
    amounts, schedule = work
    first = run_unlocked(amounts, schedule)
    second = run_unlocked(amounts, schedule)
    assert first[0] == second[0]
    assert first[1].describe() == second[1].describe()


def test_the_empty_schedule_runs_the_threads_one_after_another():
    final, run = run_unlocked([[1, 2], [3], [4]], [])
    assert final == 10 and run.preemptions == 0
    assert [s.thread for s in run.steps] == [0, 0, 0, 0, 1, 1, 2, 2]


def test_a_thread_waiting_for_a_lock_is_not_scheduled():
    explorer = Explorer([0, 1, 1, 1, 0])
    counter, lock = explorer.cell("counter", 0), explorer.lock("the lock")

    def add():
        with lock:
            counter.value += 1

    run = explorer.run([add, add])
    assert counter.peek() == 2, run.describe()
    # B asks for the lock while A holds it: A goes on until it releases
    texts = [f"{s.thread}:{s.text}" for s in run.steps]
    assert texts[:4] == ["0:acquires the lock", "0:reads counter → 0", "0:writes counter ← 1", "0:releases the lock, then finishes"], texts


def test_a_deadlock_is_reported_not_hung():
    explorer = Explorer([0, 1])
    first, second = explorer.lock("lock 1"), explorer.lock("lock 2")

    def take(a, b):
        with a:
            with b:
                pass

    with pytest.raises(ScheduleError, match="deadlock: thread A waits to acquire lock 2, held by thread B"):
        explorer.run([lambda: take(first, second), lambda: take(second, first)])


def test_a_thread_blocked_outside_the_explorer_is_reported_not_hung():
    explorer = Explorer([0, 1], step_timeout=0.5)
    counter = explorer.cell("counter", 0)
    own = threading.Lock()

    def hold_own_lock_across_a_step():
        with own:
            counter.value += 1

    with pytest.raises(ScheduleError, match="did not come back to the scheduler"):
        explorer.run([hold_own_lock_across_a_step, hold_own_lock_across_a_step])


def test_an_exception_in_a_thread_is_kept_with_the_run():
    explorer = Explorer([])
    lock = explorer.lock()
    run = explorer.run([lock.release])
    assert isinstance(run.errors[0], RuntimeError)
    assert "releases lock, which nobody holds" in run.describe()
