RUN = ["server.polling.busy-while-idle", "server.polling.slows-with-idle-connections"]
MUST_FAIL = ["server.polling.busy-while-idle", "server.polling.slows-with-idle-connections"]
MUST_PASS = []
