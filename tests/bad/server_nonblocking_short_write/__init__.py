"""Non-blocking servers (polling, select, epoll) that reply with one send() and forget what it
did not write. On a non-blocking socket send() takes only what fits in the send buffer and raises
BlockingIOError when nothing fits; these loops neither keep the rest nor wait for the socket to
become writable, so a client that reads more slowly than it writes loses bytes. Everything else
(accepting, reading, closing on EOF, surviving a reset) is right."""
import selectors


def _echo_once(conn):
    """Echo what has arrived; False once the client has gone (the caller then forgets and closes it)."""
    try:
        data = conn.recv(65536)
    except BlockingIOError:
        return True
    except OSError:
        data = b""
    if not data:
        return False
    try:
        conn.send(data)  # the mistake: the unwritten tail is dropped
    except BlockingIOError:
        pass
    return True


def _serve_ready(listener, sel):
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            if key.fileobj is listener:
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ)
                continue
            if not _echo_once(key.fileobj):
                sel.unregister(key.fileobj)
                key.fileobj.close()


def serve_select(listener):
    _serve_ready(listener, selectors.SelectSelector())


def serve_epoll(listener):
    _serve_ready(listener, selectors.EpollSelector())


def serve_polling(listener):
    listener.setblocking(False)
    conns = []
    while True:
        try:
            conn, _ = listener.accept()
            conn.setblocking(False)
            conns.append(conn)
        except BlockingIOError:
            pass
        for conn in list(conns):
            if not _echo_once(conn):
                conns.remove(conn)
                conn.close()
