RUN = ["server.epoll", "server.multiplexed"]
# its echo waits in a blocking sendall() too, so a client that never reads its echo stops it as well
MUST_FAIL = ["server.epoll.latency-independent-of-idle-connections", "server.epoll.serves-clients-at-once"]
MUST_PASS = ["server.multiplexed.idle-without-cpu"]
