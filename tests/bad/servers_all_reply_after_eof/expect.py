# the mistake fails bytes-intact and long-and-short-connections as well (every node, when run);
# only the claim no other known-bad fails on every model is run, to keep this run short
RUN = ["server.echo.clients-isolated"]
MUST_FAIL = ["server.echo.clients-isolated"]
MUST_PASS = []
