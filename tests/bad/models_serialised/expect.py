RUN = ["server.polling.serves", "server.threads", "server.thread-pool", "server.process-pool",
       "server.gevent.serves", "server.asyncio.serves"]
MUST_FAIL = ["server.polling.serves-clients-at-once", "server.threads.serves-clients-at-once",
             "server.thread-pool.bounded-by-workers", "server.process-pool.serves-clients-at-once",
             "server.gevent.serves-clients-at-once", "server.asyncio.serves-clients-at-once"]
MUST_PASS = []
