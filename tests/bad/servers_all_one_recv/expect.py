RUN = ["server.echo.bytes-intact", "server.echo.long-and-short", "server.echo.clients-isolated"]
MUST_FAIL = ["server.echo.bytes-intact", "server.echo.long-and-short-connections", "server.echo.clients-isolated"]
MUST_PASS = []
