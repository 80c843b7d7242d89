"""Single-threaded servers that only expect the errors of the tutorial's happy path: the
iterative one catches nothing, the polling one only BlockingIOError. A client that resets its
connection raises ConnectionResetError (or BrokenPipeError on a write), which ends serve() and
with it the whole server."""
import contextlib


def serve_iterative(listener):
    while True:
        conn, _ = listener.accept()
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)


def serve_polling(listener):
    listener.setblocking(False)
    peers = {}  # conn -> bytes not yet echoed
    while True:
        try:
            conn, _ = listener.accept()
            conn.setblocking(False)
            peers[conn] = bytearray()
        except BlockingIOError:
            pass
        for conn, pending in list(peers.items()):
            eof = False
            if len(pending) < 1 << 20:
                try:
                    data = conn.recv(65536)
                    pending += data
                    eof = not data
                except BlockingIOError:
                    pass
            if pending:
                with contextlib.suppress(BlockingIOError):
                    del pending[: conn.send(pending)]
            if eof and not pending:
                del peers[conn]
                conn.close()
