RUN = ["server.select", "server.epoll"]
MUST_FAIL = ["server.select.serves-clients-at-once", "server.epoll.serves-clients-at-once"]
MUST_PASS = []
