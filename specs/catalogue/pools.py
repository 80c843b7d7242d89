"""线程池: the tutorial's home-made MyThread and MyPool."""
from specs.harness.claims import Claim
from specs.harness.contract import Role

CH = "线程池"

CLAIMS = [
    Claim(
        id="pool.mypool.every-task-runs-once",
        chapter=CH,
        section="线程池",
        statement=(
            "Every task submitted to MyPool runs exactly once, with the arguments and keyword arguments "
            "it was submitted with, and join() returns once all of them have finished."
        ),
        verdict="refined",
        note=(
            "The tutorial's MyPool starts its threads with no target, so they exit at once, no task ever "
            "runs, the fourth submission blocks on the full queue and join() never returns. The claim holds "
            "once each thread runs the consumer loop."
        ),
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
        methods={"submit_tasks": ("func",), "join": ()},
    ),
    Role(
        name="MyPool",
        signature="MyPool(n)",
        summary=(
            "n reusable daemon worker threads sharing a queue of at most 3 pending tasks. "
            "submit_tasks(func, args=(), kwargs={}) and join() as for MyThread."
        ),
        params=("n",),
        methods={"submit_tasks": ("func",), "join": ()},
    ),
]
