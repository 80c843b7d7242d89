"""serve_epoll that, when a client resets its connection (ConnectionResetError, BrokenPipeError),
only unregisters the descriptor: the socket stays open in its table for ever, one leaked socket per
client that resets. Clients that close in order are closed and released."""
import contextlib
import select


class _Peer:
    def __init__(self, conn):
        self.conn, self.pending, self.eof = conn, bytearray(), False

    def read(self):
        data = self.conn.recv(65536)
        if data:
            self.pending += data
        else:
            self.eof = True

    def write(self):
        if self.pending:
            del self.pending[: self.conn.send(self.pending)]


def serve_epoll(listener):
    listener.setblocking(False)
    ep = select.epoll()
    ep.register(listener.fileno(), select.EPOLLIN)
    peers = {}
    while True:
        for fd, mask in ep.poll():
            if fd == listener.fileno():
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                conn.setblocking(False)
                peers[conn.fileno()] = _Peer(conn)
                ep.register(conn.fileno(), select.EPOLLIN)
                continue
            peer = peers[fd]
            try:
                if mask & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR) and len(peer.pending) < 1 << 20:
                    with contextlib.suppress(BlockingIOError):
                        peer.read()
                with contextlib.suppress(BlockingIOError):
                    peer.write()
            except OSError:  # the mistake: stops watching the client but keeps its socket open
                ep.unregister(fd)
                continue
            if peer.eof and not peer.pending:
                ep.unregister(fd)
                del peers[fd]
                peer.conn.close()
            else:
                wants_read = not peer.eof and len(peer.pending) < 1 << 20
                ep.modify(fd, (select.EPOLLIN if wants_read else 0) | (select.EPOLLOUT if peer.pending else 0))
