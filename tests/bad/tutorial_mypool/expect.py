RUN = ["pool.mypool"]
MUST_FAIL = ["pool.mypool.every-task-runs-once", "pool.mypool.n-tasks-at-once", "pool.mypool.reuses-at-most-n-threads", "pool.mypool.survives-failing-task"]
MUST_PASS = []
