RUN = ["gen.pc"]
MUST_FAIL = ["gen.pc.alternates"]
MUST_PASS = ["gen.pc.no-threads"]
HINTS = {"gen.pc.alternates": "send() each item to it"}
