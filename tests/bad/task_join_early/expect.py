RUN = ["multitask.processes.offloaded", "multitask.threads.offloaded", "control.join.after-own-work"]
MUST_FAIL = ["control.join.after-own-work", "multitask.processes.offloaded-time-of-one", "multitask.threads.offloaded-time-of-one"]
MUST_PASS = ["multitask.processes.offloaded-tasks-run-together", "multitask.threads.offloaded-tasks-run-together"]
