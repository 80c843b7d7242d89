RUN = ["server.polling"]
MUST_FAIL = ["server.polling.serves-clients-at-once", "server.polling.busy-while-idle", "server.polling.slows-with-idle-connections"]
MUST_PASS = []
