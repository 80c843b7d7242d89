# only the half-close-at-any-moment spec sees it: the others half-close after the whole echo
RUN = ["server.echo"]
MUST_FAIL = ["server.echo.bytes-intact"]
MUST_PASS = ["server.echo.closes-when-client-closes", "server.echo.clients-isolated", "server.echo.long-and-short-connections"]
HINTS = {"server.echo.bytes-intact": "close only after the pending output has been written"}
