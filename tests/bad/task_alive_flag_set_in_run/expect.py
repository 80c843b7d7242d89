RUN = ["control.lifecycle"]
MUST_FAIL = ["control.lifecycle.alive-from-start-to-end"]
MUST_PASS = []
HINTS = {"control.lifecycle.alive-from-start-to-end": "keep threading.Thread's own is_alive()"}
