RUN = ["worker.mythread"]
MUST_FAIL = ["worker.mythread.fourth-pending-submission-waits"]
MUST_PASS = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.runs-tasks-in-order-with-their-arguments", "worker.mythread.join-waits-for-every-task", "worker.mythread.survives-failing-task", "worker.mythread.reuses-one-thread"]
