RUN = ["server.multiplexed", "server.echo"]
MUST_FAIL = ["server.multiplexed.idle-without-cpu", "server.echo.releases-connection"]
MUST_PASS = ["server.echo.closes-when-client-closes", "server.echo.bytes-intact"]
