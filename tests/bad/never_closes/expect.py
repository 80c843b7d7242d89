RUN = ["server.echo"]
MUST_FAIL = ["server.echo.closes-when-client-closes"]
MUST_PASS = ["server.echo.bytes-intact"]
