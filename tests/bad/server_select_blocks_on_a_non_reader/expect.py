# a client that sends without reading its echo fills the buffers; the server then waits in sendall()
# on it, and every other client waits with it (only the spec with such a client sees it: the others'
# clients always read their echo, and the reset spec frees the server by resetting the writer)
RUN = ["server.select", "server.echo.survives-reset"]
MUST_FAIL = ["server.select.serves-clients-at-once"]
MUST_PASS = ["server.echo.survives-reset"]
HINTS = {"server.select.serves-clients-at-once": "make connection sockets non-blocking and keep unsent output in a buffer"}
