RUN = ["ipc.manager.dict"]
MUST_FAIL = ["ipc.manager.dict-carries-child-updates"]
MUST_PASS = []
