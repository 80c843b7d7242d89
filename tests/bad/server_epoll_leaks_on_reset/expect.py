RUN = ["server.echo", "server.epoll.serves"]
MUST_FAIL = ["server.echo.releases-connection"]
MUST_PASS = ["server.echo.survives-reset", "server.echo.bytes-intact", "server.echo.closes-when-client-closes",
             "server.echo.long-and-short-connections", "server.epoll.serves-clients-at-once"]
HINTS = {"server.echo.releases-connection": "must be closed too, not only unregistered"}
