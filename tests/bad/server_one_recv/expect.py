RUN = ["server.echo.long-and-short-connections"]
MUST_FAIL = ["server.echo.long-and-short-connections"]
MUST_PASS = []
