RUN = ["server.epoll", "server.multiplexed", "server.echo.bytes-intact"]
MUST_FAIL = ["server.epoll.latency-independent-of-idle-connections"]
MUST_PASS = ["server.epoll.serves-clients-at-once", "server.multiplexed.idle-without-cpu", "server.echo.bytes-intact"]
HINTS = {"server.epoll.latency-independent-of-idle-connections": "wait in select.epoll and handle only the sockets it reports ready"}
