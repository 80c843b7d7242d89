"""线程池 — the home-made pool: threads reused for tasks fed through a queue."""
import threading

from hypothesis import given
from hypothesis import strategies as st

from specs.harness import claim
from specs.harness.blocking import assert_returns_promptly

tasks = st.lists(st.tuples(st.integers(), st.dictionaries(st.sampled_from("abc"), st.integers(), max_size=2)), max_size=12)


@claim("pool.mypool.every-task-runs-once")
@given(n=st.integers(1, 4), tasks=tasks)
def test_every_task_runs_once_and_join_waits_for_all(MyPool, patience, n, tasks):
    ran, lock = [], threading.Lock()

    def task(index, value, **kwargs):
        with lock:
            ran.append((index, value, kwargs))

    pool = MyPool(n)

    def submit_all_and_join():
        for index, (value, kwargs) in enumerate(tasks):
            pool.submit_tasks(task, args=(index, value), kwargs=kwargs)
        pool.join()

    assert_returns_promptly(submit_all_and_join, what=f"submitting {len(tasks)} tasks to MyPool({n}) and joining it", timeout=patience)
    expected = sorted((i, v, k) for i, (v, k) in enumerate(tasks))
    assert sorted(ran, key=lambda r: r[0]) == expected, f"tasks that ran: {sorted(r[0] for r in ran)}; submitted: {len(tasks)}"
