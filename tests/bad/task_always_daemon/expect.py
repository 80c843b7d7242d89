RUN = ["control.daemon", "control.terminate.children-outlive-parent-code"]
MUST_FAIL = [
    "control.daemon.non-daemon-process-awaited",
    "control.daemon.non-daemon-thread-keeps-process",
    "control.terminate.children-outlive-parent-code",
]
MUST_PASS = ["control.daemon.process-ended-with-parent", "control.daemon.daemon-thread-does-not-keep-process"]
