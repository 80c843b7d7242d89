RUN = ["server.echo"]
MUST_FAIL = ["server.echo.bytes-intact"]
MUST_PASS = ["server.echo.closes-when-client-closes"]
HINTS = {"server.echo.bytes-intact": "send() may write only part of the buffer"}
