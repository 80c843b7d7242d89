RUN = ["server.gevent"]
MUST_FAIL = ["server.gevent.serves-clients-at-once"]
MUST_PASS = []
