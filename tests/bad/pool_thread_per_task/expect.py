RUN = ["pool.mypool"]
MUST_FAIL = ["pool.mypool.n-tasks-at-once", "pool.mypool.reuses-at-most-n-threads", "pool.mypool.fourth-pending-submission-waits"]
MUST_PASS = ["pool.mypool.every-task-runs-once", "pool.mypool.workers-are-daemons"]
HINTS = {"pool.mypool.reuses-at-most-n-threads": "a new thread per task is not reuse"}
