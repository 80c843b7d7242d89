RUN = ["async.", "coro.advantage.overlaps"]
MUST_FAIL = ["async.gevent-overlaps-waits", "async.gevent-takes-about-the-longest", "coro.advantage.overlaps-waits-in-one-thread"]
MUST_PASS = ["async.sync-takes-the-sum"]
HINTS = {"async.gevent-overlaps-waits": "spawn one greenlet per task"}
