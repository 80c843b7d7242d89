RUN = ["pool.mypool", "worker.mythread"]
MUST_FAIL = ["pool.mypool.every-task-runs-once", "worker.mythread.join-waits-for-every-task"]
MUST_PASS = ["pool.mypool.workers-are-daemons", "pool.mypool.n-tasks-at-once", "pool.mypool.reuses-at-most-n-threads", "pool.mypool.fourth-pending-submission-waits", "pool.mypool.survives-failing-task", "worker.mythread.starts-itself-as-daemon", "worker.mythread.runs-tasks-in-order-with-their-arguments", "worker.mythread.fourth-pending-submission-waits", "worker.mythread.survives-failing-task", "worker.mythread.reuses-one-thread"]
HINTS = {"pool.mypool.every-task-runs-once": "only once its task has finished", "worker.mythread.join-waits-for-every-task": "only once its task has finished"}
