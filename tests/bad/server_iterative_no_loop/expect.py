RUN = ["server.iterative", "server.echo.bytes-intact"]
MUST_FAIL = ["server.iterative.one-client-at-a-time", "server.echo.bytes-intact"]
MUST_PASS = []
