RUN = ["ident.pid"]
MUST_FAIL = ["ident.pid.observe-and-control", "ident.pid.assigned-at-start-and-constant"]
MUST_PASS = []
