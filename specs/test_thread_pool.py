"""队列 › 生产者和消费者模型, 线程的重复利用, 线程池 — the home-made MyThread and MyPool: reusable
worker threads fed through a bounded queue.

Specs that are not about join() wait for the tasks themselves (each task reports to a Recorder),
so a worker that never calls task_done() fails only the join claim.
"""
import contextlib
import threading
import time

from hypothesis import example, given
from hypothesis import strategies as st

from .harness import claim
from .harness.blocking import PendingCall, assert_blocks_until, assert_returns_promptly, assert_stays_blocked
from .harness.callers import calling_thread
from .harness.checks import hinted

tasks = st.lists(st.tuples(st.tuples(st.integers()), st.dictionaries(st.sampled_from("abc"), st.integers(), max_size=2)), max_size=12)


class Recorder:
    """What the tasks report: (label, the subject's thread that ran it) in the order they ran; an
    event when `expected` have."""

    def __init__(self, expected):
        self.expected = expected
        self.ran = []
        self.lock = threading.Lock()
        self.all_ran = threading.Event()
        if expected == 0:
            self.all_ran.set()

    def record(self, label):
        with self.lock:
            self.ran.append((label, calling_thread()))
            if len(self.ran) >= self.expected:
                self.all_ran.set()

    def wait(self, patience, what):
        assert_returns_promptly(lambda: self.all_ran.wait(), what=what, timeout=patience)

    @property
    def labels(self):
        return [label for label, _ in self.ran]

    @property
    def threads(self):
        # Thread objects, not idents (Caller.thread numbers Thread objects): the ident of a thread
        # that ended is given to the next one, so a thread per task that each end before the next
        # starts would look like one thread
        return {thread for _, thread in self.ran}

    @property
    def on_the_submitter(self):
        return any(thread.submitter for _, thread in self.ran)


def submit_all(worker, calls, what, patience):
    """Submit (func, args, kwargs) calls; submissions may wait for room, but must all go in."""

    def go():
        for func, args, kwargs in calls:
            worker.submit_tasks(func, args=args, kwargs=kwargs)

    assert_returns_promptly(go, what=what, timeout=patience)


def submit_each_held(worker, calls, what, patience):
    """Submit (func, args, kwargs) calls one at a time, each task held until its own submit_tasks()
    has returned. A role that runs a task on the submitting thread cannot return while that task
    runs, so this is seen by the judge itself: the subject's description of the calling thread
    (Recorder's `submitter`) is only what the subject says, and can be forged."""
    gates = []
    try:
        for index, (func, args, kwargs) in enumerate(calls):
            gate = threading.Event()
            gates.append(gate)

            def held(*args, _gate=gate, _func=func, **kwargs):
                _gate.wait(60)
                return _func(*args, **kwargs)

            call = PendingCall(lambda task=held, args=args, kwargs=kwargs: worker.submit_tasks(task, args=args, kwargs=kwargs),
                               f"submitting task {index}")
            if not call.done.wait(patience.seconds):
                patience.miss()
                raise AssertionError(f"{what}: submit_tasks() for task {index} had not returned after {patience.seconds:.0f} s "
                                     "while that task waited for it to return: the task ran on the submitting thread, "
                                     "not on a worker")
            if call.error is not None:
                raise call.error
            gate.set()
    finally:
        for gate in gates:
            gate.set()


# Hints, each (English, Chinese): the usual cause where a check's evidence points to it.
ONE_WORKER_LOOPS = ("start the worker thread once, in __init__, and let it loop over the task queue's get(); "
                    "a new thread per task is not reuse",
                    "在 __init__ 里只启动一次工作线程，让它循环调用任务队列的 get()；每个任务新开一个线程不算重复利用")
COUNTS_TASKS = ("join() waits on the task queue's counter (queue.join()): the worker thread itself never ends",
                "join() 应当等待任务队列的计数器（queue.join()）：工作线程本身永远不会结束")
DONE_IN_FINALLY = ("the worker must call task_done() after every task, in a finally block so that a task that raises counts too",
                   "工作线程每执行完一个任务都要调用 task_done()，并放在 finally 里，这样抛出异常的任务也会被计数")
BOUNDED_TO_THREE = ("the task queue holds 3 tasks: queue.Queue(maxsize=3), whose put() waits while it is full",
                    "任务队列最多容纳 3 个任务：queue.Queue(maxsize=3)，队列满时它的 put() 会等待")
CATCH_TASK_ERRORS = ("a task that raised ended the worker: call each task inside try/except (task_done() in finally), "
                     "so the worker goes on to the next one",
                     "一个抛出异常的任务结束了工作线程：在 try/except 中调用每个任务（task_done() 放在 finally 里），"
                     "让工作线程继续处理下一个任务")


# ---- MyThread ----


@claim("worker.mythread.starts-itself-as-daemon")
@given(count=st.integers(1, 4))
def test_mythread_starts_its_daemon_worker_itself(MyThread, patience, count):
    recorder = Recorder(count)
    worker = MyThread()  # no start(): the constructor starts the thread
    submit_each_held(worker, [(recorder.record, (i,), {}) for i in range(count)], "submitting to a new MyThread", patience)
    recorder.wait(patience, f"{count} task(s) submitted to MyThread() without calling start()")
    for _, thread in recorder.ran:
        assert not thread.submitter, "the task ran on the submitting thread, not on a worker"
        assert thread.daemon, (f"the worker thread {thread.name} is not a daemon: a program would never end while it waits\n"
                               "hint: create the worker as threading.Thread(..., daemon=True), or set .daemon = True before start()")


@claim("worker.mythread.runs-tasks-in-order-with-their-arguments")
@given(tasks=tasks)
def test_mythread_runs_each_task_once_in_order_with_its_arguments(MyThread, patience, tasks):
    recorder = Recorder(len(tasks))

    def task(index, value, **kwargs):
        recorder.record((index, value, kwargs))

    worker = MyThread()
    submit_all(worker, [(task, (i, *args), kwargs) for i, (args, kwargs) in enumerate(tasks)], "submitting tasks to MyThread", patience)
    recorder.wait(patience, f"{len(tasks)} tasks submitted to MyThread")
    expected = [(i, args[0], kwargs) for i, (args, kwargs) in enumerate(tasks)]
    assert recorder.labels == expected, f"MyThread: {_first_difference(expected, recorder.labels)}\nsubmitted (index, arg, kwargs): {expected}\nran: {recorder.labels}"


def _first_difference(submitted, ran):
    """The first way the tasks that ran differ from those submitted, in words, with a hint only
    where the evidence names the cause."""
    for position, (want, got) in enumerate(zip(submitted, ran)):
        if want == got:
            continue
        if want[:2] == got[:2] and want[2] and not got[2]:
            return (f"task {position} ran as func{want[:2]} without its keyword arguments {want[2]}\n"
                    "hint: call the task as func(*args, **kwargs): the keyword arguments were dropped")
        if want[0] != got[0]:
            return f"the task run in place {position} was task {got[0]}, not task {want[0]}: tasks must run in the order submitted"
        return f"task {position} ran with {got[1:]} instead of {want[1:]}"
    if len(ran) < len(submitted):
        return f"only {len(ran)} of the {len(submitted)} tasks ran"
    return f"{len(ran)} tasks ran for {len(submitted)} submitted: a task ran more than once"


@claim("worker.mythread.join-waits-for-every-task")
@given(count=st.integers(1, 4))
def test_mythread_join_waits_for_the_last_task_and_the_worker_lives_on(MyThread, patience, count):
    gates = [threading.Event() for _ in range(count)]
    finished = Recorder(count - 1)

    def task(i):
        gates[i].wait(60)
        finished.record(i)

    worker = MyThread()
    submit_all(worker, [(task, (i,), {}) for i in range(count)], f"submitting {count} task(s)", patience)
    with hinted(*COUNTS_TASKS):
        join = assert_stays_blocked(worker.join, what=f"MyThread.join() with {count} unfinished task(s)")
    for gate in gates[:-1]:
        gate.set()
    finished.wait(patience, f"the first {count - 1} task(s) finishing")
    with hinted(*COUNTS_TASKS):
        join.assert_still_blocked(f"MyThread.join() while the last task is still running ({count - 1} of {count} finished)")
    gates[-1].set()
    with hinted(*DONE_IN_FINALLY):
        join.assert_returns("MyThread.join() after every task finished", timeout=patience)
    # the worker never ends: join() waited on the tasks, and the worker takes more
    again = Recorder(1)
    submit_all(worker, [(again.record, ("after join",), {})], "submitting after join()", patience)
    again.wait(patience, "a task submitted after join() returned")
    assert_returns_promptly(worker.join, what="a second MyThread.join()", timeout=patience)


@claim("worker.mythread.fourth-pending-submission-waits")
def test_mythread_holds_three_pending_tasks_and_the_next_submission_waits(MyThread, patience):
    pending = 3
    busy, started = threading.Event(), threading.Event()

    def block():
        started.set()
        busy.wait(60)

    worker = MyThread()
    worker.submit_tasks(block)
    assert_returns_promptly(started.wait, what="the worker starting its first task", timeout=patience)
    for i in range(pending):
        assert_returns_promptly(lambda: worker.submit_tasks(int), what=f"submitting pending task {i + 1} of {pending} while the worker is busy")
    with hinted(*BOUNDED_TO_THREE):
        assert_blocks_until(
            lambda: worker.submit_tasks(int),
            busy.set,
            what=f"submitting a task while the worker is busy and {pending} tasks wait",
            timeout=patience,
        )


failing_plans = st.lists(st.booleans(), min_size=1, max_size=8).filter(any)


class TaskFailed(Exception):
    pass


@claim("worker.mythread.survives-failing-task")
@given(plan=failing_plans)
@example(plan=[True, False])
def test_mythread_survives_a_task_that_raises(MyThread, patience, plan):
    recorder = Recorder(plan.count(False))

    def task(i, fails):
        if fails:
            raise TaskFailed(f"task {i} fails on purpose")
        recorder.record(i)

    worker = MyThread()
    submit_all(worker, [(task, (i, fails), {}) for i, fails in enumerate(plan)], "submitting tasks, some of which raise", patience)
    described = ", ".join(f"task {i} {'raises' if f else 'works'}" for i, f in enumerate(plan))
    with hinted(*CATCH_TASK_ERRORS):
        recorder.wait(patience, f"the tasks that do not raise ({described})")
    with hinted(*DONE_IN_FINALLY):
        assert_returns_promptly(worker.join, what=f"MyThread.join() after {described}", timeout=patience)
    assert len(recorder.threads) <= 1, "the tasks after a failing one ran on a new thread: the worker died"


@claim("worker.mythread.reuses-one-thread")
@given(count=st.integers(2, 10))
def test_mythread_runs_every_task_on_one_reused_thread(MyThread, patience, count):
    recorder = Recorder(count)
    worker = MyThread()
    submit_each_held(worker, [(recorder.record, (i,), {}) for i in range(count)], f"submitting {count} tasks", patience)
    recorder.wait(patience, f"{count} tasks submitted to MyThread")
    assert not recorder.on_the_submitter, "a task ran on the submitting thread"
    assert len(recorder.threads) == 1, (f"{count} tasks ran on {len(recorder.threads)} different threads; MyThread reuses one\n"
                                        f"hint: {ONE_WORKER_LOOPS[0]}")


# ---- MyPool ----


@claim("pool.mypool.every-task-runs-once")
@given(n=st.integers(1, 4), tasks=tasks)
def test_every_task_runs_once_and_join_waits_for_all(MyPool, patience, n, tasks):
    ran, lock = [], threading.Lock()

    def task(index, value, **kwargs):
        with lock:
            ran.append((index, value, kwargs))

    pool = MyPool(n)

    def submit_all_and_join():
        for index, (args, kwargs) in enumerate(tasks):
            pool.submit_tasks(task, args=(index, *args), kwargs=kwargs)
        pool.join()

    assert_returns_promptly(submit_all_and_join, what=f"submitting {len(tasks)} tasks to MyPool({n}) and joining it", timeout=patience)
    expected = sorted((i, args[0], k) for i, (args, k) in enumerate(tasks))
    assert sorted(ran, key=lambda r: r[0]) == expected, f"tasks that ran: {sorted(r[0] for r in ran)}; submitted: {len(tasks)}"


def meet_at_barrier(submit, parties, tasks, timeout, patience, what):
    """Submit `tasks` tasks that each wait at a barrier of `parties`; how many got through."""
    barrier = threading.Barrier(parties, timeout=timeout)
    outcomes = Recorder(tasks)

    def task():
        try:
            barrier.wait()
            outcomes.record("passed")
        except threading.BrokenBarrierError:
            outcomes.record("broken")

    def go():
        for _ in range(tasks):
            submit(task)

    assert_returns_promptly(go, what=f"submitting {what}", timeout=patience)
    outcomes.wait(patience, what)
    return outcomes.labels.count("passed")


def check_n_at_once(submit, n, patience, name):
    # n tasks at a barrier of n: all n must be running together. The barrier's timeout only bounds a
    # pool that cannot run n at once; a correct one passes it as soon as its threads are scheduled.
    started = time.monotonic()
    passed = meet_at_barrier(submit, n, n, patience.seconds, patience, f"{n} tasks meeting at a barrier of {n} in {name}")
    met_in = time.monotonic() - started
    if passed != n:
        patience.miss()
    assert passed == n, (f"{name}: only {passed} of {n} tasks waiting for each other got through; {n} cannot run at once\n"
                         f"hint: start {n} worker threads, all taking tasks from one shared queue")
    # n+1 tasks at a barrier of n+1: with n workers the last one cannot start while n wait, so the
    # barrier breaks on its timeout. A pool that ran n+1 at once would get them all through in
    # about the time n just took to meet, under the same load: five times that (at least 0.5 s).
    # The verdict for a correct pool does not depend on it: it never has n+1 tasks running.
    window = max(0.5, 5 * met_in)
    passed = meet_at_barrier(submit, n + 1, n + 1, window, patience, f"{n + 1} tasks meeting at a barrier of {n + 1} in {name}")
    assert passed == 0, (f"{name}: {passed} of {n + 1} tasks waiting for each other got through: n+1 tasks ran at once\n"
                         f"hint: run the tasks on exactly {n} worker threads; a thread per task runs them all at once")


@claim("pool.mypool.n-tasks-at-once")
@given(n=st.integers(1, 4))
def test_mypool_runs_exactly_n_tasks_at_once(MyPool, patience, n):
    pool = MyPool(n)
    check_n_at_once(lambda f: pool.submit_tasks(f), n, patience, f"MyPool({n})")


@claim("pool.mypool.reuses-at-most-n-threads")
@given(n=st.integers(1, 4), count=st.integers(1, 16))
@example(n=1, count=3)
def test_mypool_runs_many_tasks_on_at_most_n_threads(MyPool, patience, n, count):
    recorder = Recorder(count)
    pool = MyPool(n)
    submit_each_held(pool, [(recorder.record, (i,), {}) for i in range(count)], f"submitting {count} tasks to MyPool({n})", patience)
    recorder.wait(patience, f"{count} tasks submitted to MyPool({n})")
    assert not recorder.on_the_submitter, "a task ran on the submitting thread"
    assert len(recorder.threads) <= n, (f"MyPool({n}) ran {count} tasks on {len(recorder.threads)} different threads\n"
                                        f"hint: start the {n} worker threads once, in __init__, each looping over one shared "
                                        "task queue's get(); a new thread per task is not reuse")


@claim("pool.mypool.fourth-pending-submission-waits")
@given(n=st.integers(1, 4))
def test_mypool_holds_three_pending_tasks_and_the_next_submission_waits(MyPool, patience, n):
    release = threading.Event()
    started = Recorder(n)

    def block():
        started.record("started")
        release.wait(60)

    pool = MyPool(n)
    submit_all(pool, [(block, (), {})] * n, f"submitting {n} blocking tasks to MyPool({n})", patience)
    started.wait(patience, f"all {n} workers starting a task")
    for i in range(3):
        assert_returns_promptly(lambda: pool.submit_tasks(int), what=f"submitting pending task {i + 1} of 3 while all {n} workers are busy")
    with hinted(*BOUNDED_TO_THREE):
        assert_blocks_until(
            lambda: pool.submit_tasks(int),
            release.set,
            what=f"submitting a task while all {n} workers are busy and 3 tasks wait",
            timeout=patience,
        )


def tasks_at_once(pool, n, patience, name):
    """How many of n tasks that each wait for all n start together: n while n workers are free
    (fewer for a pool that runs fewer at once, a claim of its own)."""
    barrier, started, ended = threading.Barrier(n), Recorder(n), Recorder(n)

    def task():
        started.record("started")
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(3 * patience.generous)  # aborted below; the timeout only bounds a hang
        ended.record("ended")

    submit_all(pool, [(task, (), {})] * n, f"submitting {n} tasks that wait for each other to {name}", patience)
    if not started.all_ran.wait(patience.seconds):
        patience.miss()
    count = len(started.ran)
    barrier.abort()  # the started ones go on at once, and so do the rest
    ended.all_ran.wait(patience.seconds)  # what a pool with fewer workers still owes runs now
    return count


@claim("pool.mypool.survives-failing-task")
@given(n=st.integers(1, 3), plan=failing_plans)
@example(n=2, plan=[True, False])  # the other worker runs task 1; the dead one shows only after
@example(n=1, plan=[True, False])
def test_mypool_survives_tasks_that_raise(MyPool, patience, n, plan):
    recorder = Recorder(plan.count(False))

    def task(i, fails):
        if fails:
            raise TaskFailed(f"task {i} fails on purpose")
        recorder.record(i)

    pool = MyPool(n)
    before = tasks_at_once(pool, n, patience, f"MyPool({n})")
    submit_all(pool, [(task, (i, fails), {}) for i, fails in enumerate(plan)], "submitting tasks, some of which raise", patience)
    described = ", ".join(f"task {i} {'raises' if f else 'works'}" for i, f in enumerate(plan))
    with hinted(*CATCH_TASK_ERRORS):
        recorder.wait(patience, f"the tasks of MyPool({n}) that do not raise ({described})")
        after = tasks_at_once(pool, n, patience, f"MyPool({n}) after {described}")
        assert after >= before, (
            f"MyPool({n}): {before} tasks ran at once before, only {after} after {described}: "
            "a worker whose task raised must go on to the next task"
        )
    with hinted(*DONE_IN_FINALLY):
        assert_returns_promptly(pool.join, what=f"MyPool({n}).join() after {described}", timeout=patience)

