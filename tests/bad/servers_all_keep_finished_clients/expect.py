RUN = ["server.echo.closes-when-client-closes", "server.echo.releases-connection"]
MUST_FAIL = ["server.echo.closes-when-client-closes", "server.echo.releases-connection"]
MUST_PASS = []
