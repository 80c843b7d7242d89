RUN = ["server.echo.bytes-intact", "server.echo.closes-when-client-closes", "server.gevent"]
MUST_FAIL = ["server.echo.bytes-intact"]
MUST_PASS = ["server.echo.closes-when-client-closes", "server.gevent.serves-clients-at-once"]
