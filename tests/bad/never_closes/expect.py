RUN = ["server.echo"]
MUST_FAIL = ["server.echo.closes-when-client-closes", "server.echo.releases-connection"]
MUST_PASS = ["server.echo.bytes-intact"]
