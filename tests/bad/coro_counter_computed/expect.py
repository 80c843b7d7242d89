RUN = ["coro.trait.no-lock"]
MUST_FAIL = ["coro.trait.no-lock-while-no-switch"]
MUST_PASS = []
