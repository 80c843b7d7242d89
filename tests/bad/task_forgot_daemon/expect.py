RUN = ["control.daemon"]
MUST_FAIL = ["control.daemon.process-ended-with-parent", "control.daemon.daemon-thread-does-not-keep-process"]
MUST_PASS = ["control.daemon.non-daemon-process-awaited", "control.daemon.non-daemon-thread-keeps-process"]
