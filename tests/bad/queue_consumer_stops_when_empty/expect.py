RUN = ["prodcons."]
MUST_FAIL = ["prodcons.threads.every-item-consumed-once"]
MUST_PASS = []
