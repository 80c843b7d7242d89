RUN = ["pool.mypool"]
MUST_FAIL = ["pool.mypool.every-task-runs-once"]
MUST_PASS = []
