RUN = ["multitask.processes.offloaded", "multitask.threads.offloaded"]
MUST_FAIL = [
    "multitask.processes.offloaded-tasks-run-together",
    "multitask.processes.offloaded-time-of-one",
    "multitask.threads.offloaded-tasks-run-together",
    "multitask.threads.offloaded-time-of-one",
]
MUST_PASS = []
