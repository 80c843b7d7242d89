RUN = ["server.echo.clients-isolated", "server.echo.bytes-intact"]
MUST_FAIL = ["server.echo.clients-isolated"]
MUST_PASS = ["server.echo.bytes-intact"]
