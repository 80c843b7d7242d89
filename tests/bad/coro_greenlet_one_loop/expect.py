RUN = ["greenlet.pc", "coro.concept.one-thread"]
MUST_FAIL = ["greenlet.pc.alternates", "coro.concept.one-thread-concurrency"]
MUST_PASS = []
HINTS = {"greenlet.pc.alternates": "make two greenlets"}
