RUN = ["server.echo.long-and-short-connections", "server.threads.serves-clients-at-once", "server.thread-pool"]
MUST_FAIL = ["server.echo.long-and-short-connections"]
MUST_PASS = ["server.threads.serves-clients-at-once", "server.thread-pool.bounded-by-workers"]
