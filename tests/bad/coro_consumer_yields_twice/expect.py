RUN = ["gen.pc.alternates"]
MUST_FAIL = ["gen.pc.alternates"]
MUST_PASS = []
