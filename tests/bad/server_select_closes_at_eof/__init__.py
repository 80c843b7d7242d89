"""A selector echo server that closes a connection as soon as recv() returns b'', the client's
end-of-stream, even while part of its echo is still waiting to be written. A client that
half-closes right after its last send (printf ... | nc) and reads late loses the tail of its echo
once the echo is larger than the socket buffers; a client that half-closes only once everything
came back never notices."""
import contextlib
import selectors

BUFSIZE = 65536
BACKLOG_LIMIT = 1 << 20


class _Peer:
    def __init__(self, conn):
        self.conn, self.pending, self.eof = conn, bytearray(), False

    def read(self):
        data = self.conn.recv(BUFSIZE)
        if data:
            self.pending += data
        else:
            self.eof = True

    def write(self):
        if self.pending:
            del self.pending[: self.conn.send(self.pending)]


def serve_select(listener):
    listener.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    while True:
        for key, mask in sel.select():
            if key.fileobj is listener:
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ, _Peer(conn))
                continue
            peer = key.data
            try:
                if mask & selectors.EVENT_READ:
                    with contextlib.suppress(BlockingIOError):
                        peer.read()
                with contextlib.suppress(BlockingIOError):
                    peer.write()
            except OSError:
                peer.eof, peer.pending = True, bytearray()
            if peer.eof:  # the mistake: the client has finished sending, not finished reading
                sel.unregister(peer.conn)
                peer.conn.close()
                continue
            events = (selectors.EVENT_READ if len(peer.pending) < BACKLOG_LIMIT else 0) | (selectors.EVENT_WRITE if peer.pending else 0)
            if events != key.events:
                sel.modify(peer.conn, events, peer)
