RUN = ["server.thread"]
MUST_FAIL = ["server.threads.serves-clients-at-once", "server.thread-pool.bounded-by-workers"]
MUST_PASS = []
