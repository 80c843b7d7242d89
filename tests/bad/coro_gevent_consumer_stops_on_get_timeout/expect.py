RUN = ["gevent.pc."]
MUST_FAIL = ["gevent.pc.bounded-queue"]
MUST_PASS = []
