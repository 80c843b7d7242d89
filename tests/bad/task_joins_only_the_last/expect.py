RUN = ["control.join.waits-for-the-child"]
MUST_FAIL = ["control.join.waits-for-the-child"]
MUST_PASS = []
