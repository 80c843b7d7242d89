RUN = ["server.echo.survives-reset"]
MUST_FAIL = ["server.echo.survives-reset"]
MUST_PASS = []
