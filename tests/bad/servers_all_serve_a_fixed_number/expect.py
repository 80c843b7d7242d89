RUN = ["server.echo.long-and-short-connections", "server.echo.bytes-intact"]
MUST_FAIL = ["server.echo.long-and-short-connections"]
MUST_PASS = ["server.echo.bytes-intact"]
