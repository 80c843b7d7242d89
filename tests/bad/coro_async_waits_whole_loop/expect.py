RUN = ["async.gevent-overlaps-waits"]
MUST_FAIL = ["async.gevent-overlaps-waits"]
MUST_PASS = []
HINTS = {"async.gevent-overlaps-waits": "wait for the greenlets it spawned"}
