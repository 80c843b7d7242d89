RUN = ["multitask.processes.are-os-processes", "multitask.process.independent", "ipc.isolation"]
MUST_FAIL = [
    "multitask.processes.are-os-processes",
    "multitask.process.independent",
    "ipc.isolation.global-assignment-stays-in-child",
]
MUST_PASS = []
