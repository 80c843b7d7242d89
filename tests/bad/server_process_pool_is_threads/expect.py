RUN = ["server.process-pool", "server.echo.bytes-intact"]
MUST_FAIL = ["server.process-pool.serves-clients-at-once"]
MUST_PASS = ["server.echo.bytes-intact"]
HINTS = {"server.process-pool.serves-clients-at-once": "run the accept loop in each of them"}
