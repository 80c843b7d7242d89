RUN = ["control.name"]
MUST_FAIL = ["control.name.set-and-renamed"]
MUST_PASS = []
