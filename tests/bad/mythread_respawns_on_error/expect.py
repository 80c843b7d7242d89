RUN = ["worker.mythread"]
MUST_FAIL = ["worker.mythread.survives-failing-task"]
MUST_PASS = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.runs-tasks-in-order-with-their-arguments", "worker.mythread.join-waits-for-every-task", "worker.mythread.fourth-pending-submission-waits", "worker.mythread.reuses-one-thread"]
HINTS = {"worker.mythread.survives-failing-task": "a task that raised ended the worker"}
