RUN = ["pool.mypool"]
MUST_FAIL = ["pool.mypool.n-tasks-at-once"]
MUST_PASS = ["pool.mypool.every-task-runs-once", "pool.mypool.workers-are-daemons", "pool.mypool.reuses-at-most-n-threads", "pool.mypool.survives-failing-task"]
