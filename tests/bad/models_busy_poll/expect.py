RUN = ["server.multiplexed", "server.epoll.latency"]
MUST_FAIL = ["server.multiplexed.idle-without-cpu", "server.epoll.latency-independent-of-idle-connections"]
MUST_PASS = []
