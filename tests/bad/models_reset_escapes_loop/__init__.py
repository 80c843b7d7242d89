"""Single-threaded servers written for the happy path: the iterative one catches nothing, the
polling, select and epoll loops only BlockingIOError. A client that resets its connection raises
ConnectionResetError (or BrokenPipeError on a write), which escapes the loop and ends the whole
server."""
import contextlib
import select
import selectors

BUFSIZE = 65536
BACKLOG_LIMIT = 1 << 20


class _Peer:
    def __init__(self, conn):
        self.conn = conn
        self.pending = bytearray()
        self.eof = False

    @property
    def wants_read(self):
        return not self.eof and len(self.pending) < BACKLOG_LIMIT

    def read(self):
        data = self.conn.recv(BUFSIZE)
        if data:
            self.pending += data
        else:
            self.eof = True

    def write(self):
        if self.pending:
            del self.pending[: self.conn.send(self.pending)]

    @property
    def finished(self):
        return self.eof and not self.pending


def serve_iterative(listener):
    while True:
        conn, _ = listener.accept()
        with conn:
            while True:
                data = conn.recv(BUFSIZE)
                if not data:
                    break
                conn.sendall(data)


def serve_polling(listener):
    listener.setblocking(False)
    peers = []
    while True:
        try:
            conn, _ = listener.accept()
            conn.setblocking(False)
            peers.append(_Peer(conn))
        except BlockingIOError:
            pass
        for peer in list(peers):
            if peer.wants_read:
                with contextlib.suppress(BlockingIOError):
                    peer.read()
            with contextlib.suppress(BlockingIOError):
                peer.write()
            if peer.finished:
                peer.conn.close()
                peers.remove(peer)


def serve_select(listener):
    listener.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    while True:
        for key, mask in sel.select():
            if key.fileobj is listener:
                try:
                    conn, _ = listener.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ, _Peer(conn))
                continue
            peer = key.data
            if mask & selectors.EVENT_READ:
                with contextlib.suppress(BlockingIOError):
                    peer.read()
            with contextlib.suppress(BlockingIOError):
                peer.write()
            if peer.finished:
                sel.unregister(peer.conn)
                peer.conn.close()
                continue
            events = (selectors.EVENT_READ if peer.wants_read else 0) | (selectors.EVENT_WRITE if peer.pending else 0)
            if events and events != key.events:
                sel.modify(peer.conn, events, peer)


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
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                peers[conn.fileno()] = _Peer(conn)
                ep.register(conn.fileno(), select.EPOLLIN)
                continue
            peer = peers[fd]
            if mask & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR):
                with contextlib.suppress(BlockingIOError):
                    peer.read()
            with contextlib.suppress(BlockingIOError):
                peer.write()
            if peer.finished:
                ep.unregister(fd)
                del peers[fd]
                peer.conn.close()
            else:
                ep.modify(fd, (select.EPOLLIN if peer.wants_read else 0) | (select.EPOLLOUT if peer.pending else 0))
