RUN = ["pool.mypool"]
MUST_FAIL = ["pool.mypool.workers-are-daemons"]
MUST_PASS = ["pool.mypool.every-task-runs-once", "pool.mypool.n-tasks-at-once", "pool.mypool.reuses-at-most-n-threads", "pool.mypool.fourth-pending-submission-waits", "pool.mypool.survives-failing-task"]
HINTS = {"pool.mypool.workers-are-daemons": "daemon=True"}
