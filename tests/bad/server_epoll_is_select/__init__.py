"""serve_epoll that never touches epoll: a readiness loop on selectors.SelectSelector, i.e.
select.select, which hands the kernel every watched descriptor on each call. It serves correctly,
but each answer costs more the more idle connections are open."""
import contextlib
import selectors


def serve_epoll(listener):
    listener.setblocking(False)
    sel = selectors.SelectSelector()  # the mistake: select(), not epoll
    sel.register(listener, selectors.EVENT_READ)
    while True:
        for key, mask in sel.select():
            if key.fileobj is listener:
                with contextlib.suppress(BlockingIOError, ConnectionAbortedError):
                    conn, _ = listener.accept()
                    conn.setblocking(False)
                    sel.register(conn, selectors.EVENT_READ, bytearray())
                continue
            conn, pending = key.fileobj, key.data
            try:
                if mask & selectors.EVENT_READ:
                    with contextlib.suppress(BlockingIOError):
                        data = conn.recv(65536)
                        if not data:
                            sel.unregister(conn)
                            conn.close()  # read only while nothing is pending: the echo is all sent
                            continue
                        pending += data
                if pending:
                    with contextlib.suppress(BlockingIOError):
                        del pending[: conn.send(pending)]
            except OSError:
                sel.unregister(conn)
                conn.close()
                continue
            sel.modify(conn, selectors.EVENT_WRITE if pending else selectors.EVENT_READ, pending)
