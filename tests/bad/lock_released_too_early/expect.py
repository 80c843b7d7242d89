RUN = ["lock.counter", "lock.released"]
MUST_FAIL = ["lock.counter-exact-with-lock"]
MUST_PASS = ["lock.released-when-update-raises"]
