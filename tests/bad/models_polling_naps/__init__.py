"""A polling server that, to keep its loop from taking a whole CPU, naps for 10 ms (time.sleep)
after every round. It is no longer the tutorial's never-waiting loop: it sleeps while its clients
are idle, and every message waits for a nap to end, which dwarfs the cost of the idle connections
the round tries."""
import contextlib
import time

BUFSIZE = 65536
BACKLOG_LIMIT = 1 << 20
NAP = 0.01


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
            try:
                if peer.wants_read:
                    with contextlib.suppress(BlockingIOError):
                        peer.read()
                with contextlib.suppress(BlockingIOError):
                    peer.write()
            except OSError:
                peer.eof, peer.pending = True, bytearray()
            if peer.finished:
                peer.conn.close()
                peers.remove(peer)
        time.sleep(NAP)  # so that the loop does not take a whole CPU
