"""A polling server that makes the listener non-blocking but not the connections it accepts
(Python's accept() returns a blocking socket whatever the listener's mode): the loop then waits
in recv() on the first client, so it serves no one else, and, waiting, no longer polls at all."""
import contextlib


def serve_polling(listener):
    listener.setblocking(False)
    conns = []
    while True:
        try:
            conn, _ = listener.accept()
            conns.append(conn)  # forgot conn.setblocking(False)
        except BlockingIOError:
            pass
        for conn in list(conns):
            try:
                data = conn.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if data:
                with contextlib.suppress(OSError):
                    conn.sendall(data)
            else:
                conns.remove(conn)
                conn.close()
