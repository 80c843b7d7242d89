"""An epoll server that registers every connection for EPOLLIN | EPOLLOUT once and for all.
Level-triggered epoll reports a socket writable whenever its send buffer has room, that is
almost always: poll() returns at once, forever, and the "multiplexed" server spins while its
clients are silent. Its echo is correct."""
import select


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
                ep.register(conn.fileno(), select.EPOLLIN | select.EPOLLOUT)  # write interest, always
                continue
            conn, out = conns[fd], pending[fd]
            try:
                if fd not in ended and mask & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR) and len(out) < 1 << 20:
                    try:
                        data = conn.recv(65536)
                        out += data
                        if not data:
                            ended.add(fd)
                    except BlockingIOError:
                        pass
                if mask & select.EPOLLOUT and out:
                    try:
                        del out[: conn.send(out)]
                    except BlockingIOError:
                        pass
            except OSError:
                ended.add(fd)
                out[:] = b""
            if fd in ended and not out:
                ep.unregister(fd)
                ended.discard(fd)
                del conns[fd], pending[fd]
                conn.close()
