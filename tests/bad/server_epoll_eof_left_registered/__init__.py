"""An epoll server that, when a client reaches end-of-stream, shuts its side down (the client
reads end-of-stream, as it should) but neither closes the socket nor unregisters it. A level-
triggered epoll reports a socket at end-of-stream readable forever: poll() returns at once, the
loop spins, and every client served leaves a socket behind."""
import select
import socket


def serve_epoll(listener):
    listener.setblocking(False)
    ep = select.epoll()
    ep.register(listener.fileno(), select.EPOLLIN)
    conns, pending, ended = {}, {}, set()
    while True:
        for fd, mask in ep.poll():
            if fd == listener.fileno():
                try:
                    conn, _ = listener.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                conns[conn.fileno()], pending[conn.fileno()] = conn, bytearray()
                ep.register(conn.fileno(), select.EPOLLIN)
                continue
            if fd in ended:
                continue  # nothing more to do for it... but it stays in the set
            conn, out = conns[fd], pending[fd]
            try:
                if mask & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR) and len(out) < 1 << 20:
                    try:
                        data = conn.recv(65536)
                        out += data
                        if not data:
                            ended.add(fd)
                    except BlockingIOError:
                        pass
                if out:
                    try:
                        del out[: conn.send(out)]
                    except BlockingIOError:
                        pass
            except OSError:
                ended.add(fd)
                out[:] = b""
            if fd in ended and out:
                ended.discard(fd)  # finish the echo first
            elif fd in ended:
                try:
                    conn.shutdown(socket.SHUT_WR)  # the client sees end-of-stream
                except OSError:
                    pass
            ep.modify(fd, select.EPOLLIN | (select.EPOLLOUT if out else 0))
