RUN = ["gen.pc"]
MUST_FAIL = ["gen.pc.no-threads"]
MUST_PASS = ["gen.pc.alternates"]
