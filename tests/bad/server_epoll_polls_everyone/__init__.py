"""An epoll server that uses epoll only to wait: once woken, it tries recv() on every connection it
holds, catching BlockingIOError, instead of handling the descriptors poll() reported. It echoes
correctly and sleeps while all are idle, but each wake-up pays for every idle connection."""
import select


def serve_epoll(listener):
    listener.setblocking(False)
    ep = select.epoll()
    ep.register(listener.fileno(), select.EPOLLIN)
    conns = {}
    while True:
        ep.poll()
        try:
            conn, _ = listener.accept()
            conn.setblocking(False)
            conns[conn.fileno()] = conn
            ep.register(conn.fileno(), select.EPOLLIN)
        except BlockingIOError:
            pass
        for fd, conn in list(conns.items()):  # every connection, not the ready ones
            try:
                data = conn.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if data:
                conn.setblocking(True)
                try:
                    conn.sendall(data)
                except OSError:
                    pass
                conn.setblocking(False)
            else:
                ep.unregister(fd)
                del conns[fd]
                conn.close()
