"""The tutorial's MyThread (队列 › 生产者和消费者模型, 线程的重复利用), MyPool (线程池), and the
standard library's ThreadPool (内置线程池) and Pool (进程池)."""
from ..harness.claims import Claim
from ..harness.contract import Role

Q, TP, PP = "队列", "线程池", "进程池"

TUTORIAL_RUN_DIES = (
    "The tutorial's run loop calls func(*args, **kwargs) with no try/except: a task that raises ends the "
    "loop, so the worker thread dies, task_done() is never called for that task, join() waits forever and "
    "every later task is never run. The reference catches the task's exception, reports it, and always "
    "calls task_done()."
)

CLAIMS = [
    Claim(
        id="worker.mythread.starts-itself-as-daemon",
        chapter=Q,
        section="生产者和消费者模型",
        statement=(
            "MyThread() starts its worker thread itself (no start() call is needed) and makes it a daemon, so a "
            "program may end while the worker still waits for tasks."
        ),
        verdict="holds",
    ),
    Claim(
        id="worker.mythread.runs-tasks-in-order-with-their-arguments",
        chapter=Q,
        section="生产者和消费者模型",
        statement=(
            "The main thread is the producer and the worker the consumer: every task submitted with "
            "submit_tasks(func, args, kwargs) runs once, as func(*args, **kwargs), in the order submitted."
        ),
        verdict="holds",
    ),
    Claim(
        id="worker.mythread.join-waits-for-every-task",
        chapter=Q,
        section="生产者和消费者模型",
        statement=(
            "MyThread.join() returns only when every submitted task has finished (it waits on the queue's counter, "
            "not on the thread, which never ends), and the worker still accepts and runs tasks afterwards."
        ),
        verdict="holds",
    ),
    Claim(
        id="worker.mythread.fourth-pending-submission-waits",
        chapter=Q,
        section="生产者和消费者模型",
        statement=(
            "The task queue holds 3 tasks: while the worker is busy and 3 tasks wait, submitting another one "
            "waits until the worker takes the next task."
        ),
        verdict="holds",
    ),
    Claim(
        id="worker.mythread.survives-failing-task",
        chapter=Q,
        section="生产者和消费者模型",
        statement=(
            "A task that raises neither kills the worker nor makes join() hang: later tasks still run on the same "
            "thread and join() returns once all have finished."
        ),
        verdict="refuted",
        note=TUTORIAL_RUN_DIES,
    ),
    Claim(
        id="worker.mythread.reuses-one-thread",
        chapter=TP,
        section="线程的重复利用",
        statement=(
            "With the producer/consumer model one thread is reused: every task submitted to a MyThread runs on the "
            "same worker thread (one ident), never on the submitting thread and never on a new thread per task."
        ),
        verdict="holds",
    ),
    Claim(
        id="pool.mypool.every-task-runs-once",
        chapter=TP,
        section="线程池",
        statement=(
            "Every task submitted to MyPool runs exactly once, with the arguments and keyword arguments "
            "it was submitted with, and join() returns once all of them have finished, not before: while the "
            "last one still runs, join() waits."
        ),
        verdict="refined",
        note=(
            "The tutorial's MyPool starts its threads with no target, so they exit at once, no task ever "
            "runs, the fourth submission blocks on the full queue and join() never returns. The claim holds "
            "once each thread runs the consumer loop."
        ),
    ),
    Claim(
        id="pool.mypool.workers-are-daemons",
        chapter=TP,
        section="线程池",
        statement=(
            "MyPool(n)'s worker threads are daemons, so a program may end while they still wait for tasks; "
            "no task runs on the submitting thread."
        ),
        verdict="holds",
    ),
    Claim(
        id="pool.mypool.n-tasks-at-once",
        chapter=TP,
        section="线程池",
        statement=(
            "MyPool(n) runs exactly n tasks at the same time: n tasks that wait for each other (a barrier of n) "
            "all get through, while n+1 tasks waiting for each other cannot all be running together."
        ),
        verdict="refined",
        note="True of a MyPool whose threads run the consumer loop; the tutorial's threads have no target and run nothing.",
    ),
    Claim(
        id="pool.mypool.reuses-at-most-n-threads",
        chapter=TP,
        section="线程池",
        statement="However many tasks are submitted, MyPool(n) runs them on at most n threads, none of them the submitting thread.",
        verdict="holds",
    ),
    Claim(
        id="pool.mypool.fourth-pending-submission-waits",
        chapter=TP,
        section="线程池",
        statement="While all n workers are busy and 3 tasks wait in the queue, submitting another task waits until a worker takes one.",
        verdict="holds",
    ),
    Claim(
        id="pool.mypool.survives-failing-task",
        chapter=TP,
        section="线程池",
        statement="A task that raises neither kills its worker nor makes join() hang; later tasks still run.",
        verdict="refuted",
        note=TUTORIAL_RUN_DIES,
    ),
    Claim(
        id="pool.builtin.apply-async-kwds",
        chapter=TP,
        section="内置线程池",
        statement=(
            "ThreadPool and Pool run apply_async(func, args=..., kwds=...) as func(*args, **kwds) in a worker; the "
            "keyword-arguments parameter is named kwds, and passing kwargs= is a TypeError."
        ),
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="pool.builtin.results-through-get",
        chapter=TP,
        section="内置线程池",
        statement=(
            "apply_async returns an AsyncResult at once; its get(timeout) returns the task's return value, or "
            "re-raises the exception the task raised, and the pool goes on running later tasks."
        ),
        verdict="holds",
        kind="fact",
        note="The tutorial never reads a result; its tasks only print.",
    ),
    Claim(
        id="pool.builtin.join-needs-close",
        chapter=TP,
        section="内置线程池",
        statement=(
            "Calling join() on a ThreadPool or Pool before close() (or terminate()) raises ValueError; after close(), "
            "join() waits until every submitted task has finished."
        ),
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="pool.builtin.close-stops-new-tasks",
        chapter=TP,
        section="内置线程池",
        statement="After close(), apply_async raises ValueError, while tasks submitted before close() still run to the end.",
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="pool.threadpool.n-at-once-in-this-process",
        chapter=TP,
        section="内置线程池",
        statement=(
            "ThreadPool(n) runs n tasks at the same time (a barrier of n is passed, one of n+1 is not), on threads "
            "of the calling process: same pid, shared memory."
        ),
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="pool.process.n-at-once-in-other-processes",
        chapter=PP,
        section="进程池",
        statement=(
            "Pool(n) runs n tasks at the same time in n worker processes: each task sees a pid other than the "
            "caller's, at most n distinct pids, and changes a task makes to module globals stay in its worker."
        ),
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="pool.process.unpicklable-task-fails",
        chapter=PP,
        section="进程池",
        statement=(
            "A Pool task travels to its worker pickled: a lambda or a function defined inside another function "
            "cannot be sent, and get() raises the pickling error (PicklingError, or AttributeError naming the local "
            "object) instead of running it or hanging; the pool goes on working."
        ),
        verdict="refined",
        note=(
            "The tutorial's tasks happen to be module-level functions; it never says they must be picklable. "
            "A related trap with the fork start method: a module-level function defined after the Pool was "
            "created is unknown to the workers, which die unpickling it, and its task is lost as in "
            "pool.process.dead-worker-loses-its-task."
        ),
        kind="fact",
    ),
    Claim(
        id="pool.cpu-count.logical-cpus-of-the-machine",
        chapter=PP,
        section="池并发服务器",
        statement=(
            "cpu_count() returns the number of logical CPUs the machine has online (hardware threads, not cores), "
            "not the number this process may run on: a process whose CPU affinity is narrowed to one CPU still "
            "gets the machine's count; len(os.sched_getaffinity(0)) is the usable number."
        ),
        verdict="refined",
        note=(
            "The tutorial calls it the number of CPU cores (cpu核心数) and sizes its pools by it. It counts "
            "logical CPUs and ignores the affinity mask (taskset, a container's cpuset), so a pool sized by it "
            "can have more workers than CPUs it may use. Python 3.13 adds os.process_cpu_count() for the usable "
            "number."
        ),
        kind="fact",
    ),
    Claim(
        id="pool.process.dead-worker-loses-its-task",
        chapter=PP,
        section="进程池",
        statement=(
            "If a Pool worker process dies while running a task, the pool starts a replacement and later tasks "
            "still run, but the dead task's result never arrives: get() without a timeout would wait forever, "
            "get(timeout) raises multiprocessing.TimeoutError."
        ),
        verdict="refined",
        note="Not in the tutorial; the reason every get() on a Pool result needs a timeout (concurrent.futures reports BrokenProcessPool instead).",
        kind="fact",
    ),
]

ROLES = [
    Role(
        name="MyThread",
        signature="MyThread()",
        summary=(
            "One reusable daemon worker thread, started by the constructor, consuming a queue of at most 3 "
            "pending tasks. submit_tasks(func, args=(), kwargs={}) queues a task (waiting when 3 are "
            "pending); join() waits until every submitted task has finished."
        ),
        params=(),
        methods={"submit_tasks": ("func", "args=()", "kwargs={}"), "join": ()},
    ),
    Role(
        name="MyPool",
        signature="MyPool(n)",
        summary=(
            "n reusable daemon worker threads sharing a queue of at most 3 pending tasks. "
            "submit_tasks(func, args=(), kwargs={}) and join() as for MyThread."
        ),
        params=("n",),
        methods={"submit_tasks": ("func", "args=()", "kwargs={}"), "join": ()},
    ),
]
