RUN = ["server.multiplexed", "server.echo.bytes-intact", "server.epoll"]
MUST_FAIL = ["server.multiplexed.idle-without-cpu"]
MUST_PASS = ["server.echo.bytes-intact", "server.epoll.serves-clients-at-once"]
