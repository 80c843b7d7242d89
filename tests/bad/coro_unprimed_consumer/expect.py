RUN = ["gen.pc"]
MUST_FAIL = ["gen.pc.alternates"]
MUST_PASS = []
