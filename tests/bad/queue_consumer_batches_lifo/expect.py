RUN = ["prodcons."]
MUST_FAIL = ["prodcons.threads.one-consumer-keeps-order"]
MUST_PASS = []
