RUN = ["server.thread-pool", "server.echo.bytes-intact"]
MUST_FAIL = ["server.thread-pool.bounded-by-workers"]
MUST_PASS = ["server.echo.bytes-intact"]
HINTS = {"server.thread-pool.bounded-by-workers": "size the pool by the workers= the judge passes"}
