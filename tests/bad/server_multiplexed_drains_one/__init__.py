"""select and epoll servers that, once a connection is readable, serve it to the end in a
blocking recv() loop before looking at the selector again: multiplexing in name only, one client
at a time."""
import select
import selectors


def _serve_to_the_end(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(data)


def serve_select(listener):
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            if key.fileobj is listener:
                conn, _ = listener.accept()
                sel.register(conn, selectors.EVENT_READ)
            else:
                sel.unregister(key.fileobj)
                _serve_to_the_end(key.fileobj)


def serve_epoll(listener):
    ep = select.epoll()
    ep.register(listener.fileno(), select.EPOLLIN)
    conns = {}
    while True:
        for fd, _ in ep.poll():
            if fd == listener.fileno():
                conn, _ = listener.accept()
                conns[conn.fileno()] = conn
                ep.register(conn.fileno(), select.EPOLLIN)
            else:
                ep.unregister(fd)
                _serve_to_the_end(conns.pop(fd))
