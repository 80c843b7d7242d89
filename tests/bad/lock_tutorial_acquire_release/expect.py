RUN = ["lock.counter", "lock.released"]
MUST_FAIL = ["lock.released-when-update-raises"]
MUST_PASS = ["lock.counter-exact-with-lock"]
