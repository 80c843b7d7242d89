RUN = ["control.join.timeout"]
MUST_FAIL = ["control.join.timeout-returns-with-child-alive"]
MUST_PASS = []
