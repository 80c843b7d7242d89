RUN = ["async.sync-takes-the-sum"]
MUST_FAIL = ["async.sync-takes-the-sum"]
MUST_PASS = []
