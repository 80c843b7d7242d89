RUN = ["greenlet.pc", "coro.concept.one-thread"]
MUST_FAIL = ["greenlet.pc.alternates"]
MUST_PASS = ["coro.concept.one-thread-concurrency"]
