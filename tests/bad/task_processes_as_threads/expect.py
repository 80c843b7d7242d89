RUN = ["ipc.threads"]
MUST_FAIL = ["ipc.threads.share-globals"]
MUST_PASS = []
