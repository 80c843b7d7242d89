RUN = ["lock.counter", "lock.released"]
MUST_FAIL = ["lock.counter-exact-with-lock"]
MUST_PASS = ["lock.released-when-update-raises"]
HINTS = {"lock.counter-exact-with-lock": "acquire(timeout=...) returned False"}
