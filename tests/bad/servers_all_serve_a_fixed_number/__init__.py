"""Every server model serves its first MAX_CLIENTS connections (256: more than any spec's few
dozen at a time) and closes every later one at once, without echoing: a student's
`for i in range(MAX_CLIENTS)` accept loop, or a connection table that never frees its slots. The
process pool shares the number out among its processes. Otherwise the reference."""
__all__ = [
    "serve_iterative",
    "serve_polling",
    "serve_select",
    "serve_epoll",
    "serve_thread_per_connection",
    "serve_thread_pool",
    "serve_process_pool",
    "serve_gevent",
    "serve_asyncio",
]
import contextlib
import itertools
import select
import selectors
import threading
from multiprocessing import cpu_count
from multiprocessing.pool import Pool, ThreadPool

BUFSIZE = 65536
BACKLOG_LIMIT = 1 << 20  # stop reading a connection while this much of its echo is unsent
MAX_CLIENTS = 256


def over_limit(counter, limit=MAX_CLIENTS):
    """True from the (limit+1)th connection on."""
    return next(counter) >= limit


def echo_connection(conn):
    """Echo everything the peer sends until it closes its side; then close ours.

    sendall, not send: send may write only part of the buffer when the peer reads slowly.
    A reset peer ends only this connection.
    """
    with conn:
        try:
            while True:
                data = conn.recv(BUFSIZE)
                if not data:
                    break
                conn.sendall(data)
        except (ConnectionError, TimeoutError):
            pass


# --- 1. iterative blocking -------------------------------------------------------------------

def serve_iterative(listener):
    """One client at a time: the next one waits in the listen backlog."""
    served = itertools.count()
    while True:
        conn, _ = listener.accept()
        if over_limit(served):
            conn.close()
            continue
        echo_connection(conn)


# --- 2. single-threaded non-blocking polling (非阻塞IO) ----------------------------------------

class _Peer:
    """A non-blocking connection and the part of its echo not yet written."""

    def __init__(self, conn):
        self.conn = conn
        self.pending = bytearray()
        self.eof = False  # the client closed its sending side

    @property
    def wants_read(self):
        return not self.eof and len(self.pending) < BACKLOG_LIMIT

    def read(self):
        """Read what is there (b'' marks the client's end). Raises BlockingIOError."""
        data = self.conn.recv(BUFSIZE)
        if data:
            self.pending += data
        else:
            self.eof = True

    def write(self):
        """Write what the socket takes now (a short write keeps the rest). Raises BlockingIOError."""
        if self.pending:
            sent = self.conn.send(self.pending)
            del self.pending[:sent]

    @property
    def finished(self):
        return self.eof and not self.pending


def serve_polling(listener):
    """The tutorial's non-blocking model: one thread asks every socket in turn, catching the
    BlockingIOError of the ones with nothing to do. It never waits, so it burns a CPU while idle."""
    listener.setblocking(False)
    peers = []
    served = itertools.count()
    while True:
        try:
            conn, _ = listener.accept()
            if over_limit(served):
                conn.close()
                raise BlockingIOError
            conn.setblocking(False)  # an accepted socket is blocking, whatever the listener is
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
            except OSError:  # reset or broken: drop only this client
                peer.eof, peer.pending = True, bytearray()
            if peer.finished:
                peer.conn.close()
                peers.remove(peer)


# --- 3. select / selectors (IO多路复用) ----------------------------------------------------------

def serve_select(listener, selector_class=selectors.DefaultSelector):
    """A readiness loop: sleep in the selector until a socket can make progress."""
    listener.setblocking(False)
    sel = selector_class()
    sel.register(listener, selectors.EVENT_READ)

    def interest(peer):
        return (selectors.EVENT_READ if peer.wants_read else 0) | (selectors.EVENT_WRITE if peer.pending else 0)

    served = itertools.count()
    while True:
        for key, mask in sel.select():
            if key.fileobj is listener:
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                if over_limit(served):
                    conn.close()
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
                    peer.write()  # at once: most echoes fit the send buffer
            except OSError:
                peer.eof, peer.pending = True, bytearray()
            events = interest(peer)
            if peer.finished or not events:
                if peer.finished:
                    sel.unregister(peer.conn)
                    peer.conn.close()
                continue
            if events != key.events:
                sel.modify(peer.conn, events, peer)


# --- 4. epoll (Linux) ----------------------------------------------------------------------

def serve_epoll(listener):
    """The same loop on select.epoll directly (level-triggered), as the tutorial's epoll server."""
    listener.setblocking(False)
    ep = select.epoll()
    ep.register(listener.fileno(), select.EPOLLIN)
    peers = {}  # fd -> _Peer

    def interest(peer):
        return (select.EPOLLIN if peer.wants_read else 0) | (select.EPOLLOUT if peer.pending else 0)

    served = itertools.count()
    while True:
        for fd, mask in ep.poll():
            if fd == listener.fileno():
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                if over_limit(served):
                    conn.close()
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
                ep.unregister(fd)  # before close: the fd number is reused by the next accept
                del peers[fd]
                peer.conn.close()
            else:
                ep.modify(fd, interest(peer))


# --- 5. thread per connection --------------------------------------------------------------

def serve_thread_per_connection(listener):
    """A new thread for every connection: unbounded concurrency."""
    served = itertools.count()
    while True:
        conn, _ = listener.accept()
        if over_limit(served):
            conn.close()
            continue
        threading.Thread(target=echo_connection, args=(conn,), daemon=True).start()


# --- 6. thread pool (池并发服务器) -----------------------------------------------------------

def serve_thread_pool(listener, workers=None):
    """The tutorial's pool server: a pool of cpu_count() threads, one connection per thread."""
    served = itertools.count()
    with ThreadPool(workers or cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            if over_limit(served):
                conn.close()
                continue
            pool.apply_async(echo_connection, (conn,))


# --- 7. process pool of thread-pool accept loops (池并发服务器, the second server) ---------------

def accept_loop(listener, threads, limit):
    """Run in each pool process: accept on the shared listener, hand connections to a thread pool."""
    served = itertools.count()
    with ThreadPool(threads) as pool:
        while True:
            conn, _ = listener.accept()
            if over_limit(served, limit):
                conn.close()
                continue
            pool.apply_async(echo_connection, (conn,))


def serve_process_pool(listener, processes=None, threads=None):
    """cpu_count() processes, each accepting on the same listener (passed through apply_async,
    which duplicates the descriptor into the worker) and serving with 2*cpu_count() threads."""
    processes = processes or cpu_count()
    with Pool(processes) as pool:
        results = [pool.apply_async(accept_loop, (listener, threads or 2 * cpu_count(), max(1, MAX_CLIENTS // processes))) for _ in range(processes)]
        for result in results:
            result.get()  # never returns while serving; re-raises a worker's failure instead of hanging


# --- 8. gevent -----------------------------------------------------------------------------

def serve_gevent(listener):
    """A greenlet per connection. Must run in an interpreter patched by gevent.monkey.patch_all()
    before anything else (the harness does so), so that accept/recv/send yield to the hub."""
    import gevent
    from gevent import monkey

    if not monkey.is_module_patched("socket"):
        raise RuntimeError("serve_gevent needs gevent.monkey.patch_all() before the program imports socket")
    served = itertools.count()
    while True:
        conn, _ = listener.accept()
        if over_limit(served):
            conn.close()
            continue
        gevent.spawn(echo_connection, conn)


# --- 9. asyncio streams (the modern baseline) ------------------------------------------------

def serve_asyncio(listener):
    """asyncio streams: a coroutine per connection, drain() for backpressure."""
    import asyncio

    served = itertools.count()

    async def handle(reader, writer):
        if over_limit(served):
            writer.close()
            return
        try:
            while True:
                data = await reader.read(BUFSIZE)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, TimeoutError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def main():
        server = await asyncio.start_server(handle, sock=listener, limit=BUFSIZE)
        async with server:
            await server.serve_forever()

    asyncio.run(main())
