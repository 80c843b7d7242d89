RUN = ["control.oop"]
MUST_FAIL = ["control.oop.subclass-overrides-run"]
MUST_PASS = []
