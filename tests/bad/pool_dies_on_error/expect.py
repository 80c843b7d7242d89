RUN = ["pool.mypool"]
MUST_FAIL = ["pool.mypool.survives-failing-task"]
MUST_PASS = ["pool.mypool.every-task-runs-once", "pool.mypool.workers-are-daemons", "pool.mypool.n-tasks-at-once", "pool.mypool.reuses-at-most-n-threads", "pool.mypool.fourth-pending-submission-waits"]
