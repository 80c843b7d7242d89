RUN = ["server.thread"]
MUST_FAIL = ["server.thread-pool.bounded-by-workers"]
MUST_PASS = ["server.threads.serves-clients-at-once"]
