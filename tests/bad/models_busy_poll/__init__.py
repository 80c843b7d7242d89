"""Multiplexed servers that poll instead of sleeping until a socket is ready: select and epoll are
asked with a timeout of 0 (taken for "no timeout"), and the coroutine models try their
non-blocking sockets and yield with sleep(0) after every try. They echo correctly, but spin while
their clients are idle, and in the coroutine models every idle connection costs each round."""
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


def serve_select(listener):
    listener.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    while True:
        for key, mask in sel.select(timeout=0):
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
        for fd, mask in ep.poll(0):
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
                if mask & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR):
                    with contextlib.suppress(BlockingIOError):
                        peer.read()
                with contextlib.suppress(BlockingIOError):
                    peer.write()
            except OSError:
                peer.eof, peer.pending = True, bytearray()
            if peer.finished:
                ep.unregister(fd)
                del peers[fd]
                peer.conn.close()
            else:
                ep.modify(fd, (select.EPOLLIN if peer.wants_read else 0) | (select.EPOLLOUT if peer.pending else 0))


def _try_echo(peer):
    """One turn of a coroutine model's handler: recv and send what they take now."""
    try:
        if peer.wants_read:
            with contextlib.suppress(BlockingIOError):
                peer.read()
        with contextlib.suppress(BlockingIOError):
            peer.write()
    except OSError:
        peer.eof, peer.pending = True, bytearray()


def serve_asyncio(listener):
    import asyncio

    async def echo(conn):
        peer = _Peer(conn)
        with conn:
            while not peer.finished:
                _try_echo(peer)
                await asyncio.sleep(0)  # let the others have their turn, then try again

    async def main():
        listener.setblocking(False)
        tasks = set()
        while True:
            try:
                conn, _ = listener.accept()
                conn.setblocking(False)
                task = asyncio.create_task(echo(conn))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            except BlockingIOError:
                pass
            await asyncio.sleep(0)

    asyncio.run(main())


def serve_gevent(listener):
    import gevent

    def echo(conn):
        peer = _Peer(conn)
        with conn:
            while not peer.finished:
                _try_echo(peer)
                gevent.sleep(0)  # let the others have their turn, then try again

    listener.setblocking(False)
    while True:
        try:
            conn, _ = listener.accept()
            conn.setblocking(False)
            gevent.spawn(echo, conn)
        except BlockingIOError:
            pass
        gevent.sleep(0)
