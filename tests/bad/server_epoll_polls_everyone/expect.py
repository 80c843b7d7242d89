RUN = ["server.epoll", "server.multiplexed"]
MUST_FAIL = ["server.epoll.latency-independent-of-idle-connections"]
MUST_PASS = ["server.epoll.serves-clients-at-once", "server.multiplexed.idle-without-cpu"]
