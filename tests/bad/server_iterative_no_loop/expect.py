RUN = ["server.iterative"]
MUST_FAIL = ["server.iterative.one-client-at-a-time"]
MUST_PASS = []
