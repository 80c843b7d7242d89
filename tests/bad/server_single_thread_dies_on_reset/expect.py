RUN = ["server.echo"]
MUST_FAIL = ["server.echo.survives-reset"]
MUST_PASS = ["server.echo.bytes-intact", "server.echo.clients-isolated", "server.echo.closes-when-client-closes"]
