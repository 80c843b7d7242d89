RUN = ["server.asyncio"]
MUST_FAIL = ["server.asyncio.serves-clients-at-once"]
MUST_PASS = []
