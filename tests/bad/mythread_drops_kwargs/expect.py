RUN = ["worker.mythread"]
MUST_FAIL = ["worker.mythread.runs-tasks-in-order-with-their-arguments"]
MUST_PASS = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.join-waits-for-every-task", "worker.mythread.fourth-pending-submission-waits", "worker.mythread.survives-failing-task", "worker.mythread.reuses-one-thread"]
HINTS = {"worker.mythread.runs-tasks-in-order-with-their-arguments": "the keyword arguments were dropped"}
