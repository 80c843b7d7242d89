RUN = ["multitask.processes.offloaded-tasks-run-together", "multitask.threads.offloaded-tasks-run-together"]
MUST_FAIL = ["control.join.after-own-work"]
MUST_PASS = ["multitask.processes.offloaded-tasks-run-together", "multitask.threads.offloaded-tasks-run-together"]
