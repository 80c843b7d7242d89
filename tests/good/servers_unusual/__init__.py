"""Echo servers with the less common but legitimate choices: socketserver.TCPServer as the
iterative server, an accept loop with a timeout on the listener, a leader/follower thread pool
(N threads all blocked in accept, no queue), a hand-forked pre-fork process pool, a polling loop
that drains every socket with unbounded buffers and small reads, a poll()-based selector with a
wake-up timeout, EPOLLONESHOT re-armed epoll, asyncio's low-level loop.sock_* coroutines, and a
gevent server that patches (again) inside the role. Each still echoes every byte, in order, to its
own client, closes once the echo is out after the client's end-of-stream, and survives resets."""
import os
import select
import selectors
import socket
import socketserver
import threading
import time

SMALL = 512


def _relay(conn):
    """recv(SMALL) / sendall until end-of-stream; always close."""
    try:
        while True:
            piece = conn.recv(SMALL)
            if piece == b"":
                break
            conn.sendall(piece)
    except OSError:
        pass
    finally:
        try:
            conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        conn.close()


# --- iterative: socketserver's synchronous TCPServer -----------------------------------------

class _StreamEcho(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            while True:
                data = self.rfile.read1(SMALL)  # what is there, without waiting for SMALL bytes
                if not data:
                    break
                self.wfile.write(data)  # socketserver's writer uses sendall
        except OSError:
            pass


class _OnListener(socketserver.TCPServer):
    def __init__(self, listener, handler):
        super().__init__(listener.getsockname()[:2], handler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener

    def handle_error(self, request, client_address):
        pass


def serve_iterative(listener):
    _OnListener(listener, _StreamEcho).serve_forever()


# --- thread per connection: an accept loop that wakes up every half second ---------------------

def serve_thread_per_connection(listener):
    listener.listen(64)  # students often call listen() again: it only resets the backlog
    listener.settimeout(0.5)  # so a Ctrl-C would be seen; accepted sockets are still blocking
    alive = []
    while True:
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            conn = None
        alive = [t for t in alive if t.is_alive()]  # forget the finished ones
        if conn is not None:
            t = threading.Thread(target=_relay, args=(conn,), daemon=True)
            t.start()
            alive.append(t)


# --- thread pool: leader/follower, every worker accepts for itself -----------------------------

def _accept_and_serve(listener):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            continue
        _relay(conn)


def _followers(listener, n):
    threads = [threading.Thread(target=_accept_and_serve, args=(listener,), daemon=True) for _ in range(n)]
    for t in threads:
        t.start()
    return threads


def serve_thread_pool(listener, workers=None):
    n = workers or os.cpu_count() or 1
    threads = _followers(listener, n)
    while True:
        for t in threads:
            t.join()  # they never end


# --- process pool: fork by hand, each child a leader/follower pool -----------------------------

def serve_process_pool(listener):
    n = os.cpu_count() or 1
    children = set()

    def spawn():
        pid = os.fork()
        if pid == 0:
            try:
                for t in _followers(listener, 2 * n):
                    t.join()
            finally:
                os._exit(1)
        children.add(pid)

    for _ in range(n):
        spawn()
    while True:
        pid, _status = os.wait()
        children.discard(pid)
        spawn()  # a pre-fork server replaces a child that died


# --- polling: drain everything, unbounded buffers -----------------------------------------------

def serve_polling(listener):
    listener.setblocking(False)
    table = []  # [socket, pending bytearray, client-finished flag]
    while True:
        while True:  # every connection waiting in the backlog
            try:
                conn, _ = listener.accept()
            except (BlockingIOError, ConnectionAbortedError):
                break
            conn.setblocking(False)
            table.append([conn, bytearray(), False])
        keep = []
        for entry in table:
            conn, pending, ended = entry
            try:
                while not ended:
                    try:
                        piece = conn.recv(SMALL)
                    except BlockingIOError:
                        break
                    if not piece:
                        ended = entry[2] = True
                    pending += piece
                while pending:
                    try:
                        sent = conn.send(pending)
                    except BlockingIOError:
                        break
                    del pending[:sent]
            except OSError:
                conn.close()
                continue
            if ended and not pending:
                conn.close()
                continue
            keep.append(entry)
        table = keep


# --- select: a poll()-based selector that wakes up every second ------------------------------

def serve_select(listener):
    listener.setblocking(False)
    sel = selectors.PollSelector()
    sel.register(listener, selectors.EVENT_READ, None)
    state = {}  # socket -> [pending bytearray, ended]

    def update(conn):
        pending, ended = state[conn]
        want = (0 if ended else selectors.EVENT_READ) | (selectors.EVENT_WRITE if pending else 0)
        if ended and not pending:
            sel.unregister(conn)
            del state[conn]
            conn.close()
        elif want != sel.get_key(conn).events:
            sel.modify(conn, want)

    while True:
        ready = sel.select(timeout=1.0)
        if not ready:
            continue  # nothing happened: a student's place for housekeeping
        for key, mask in ready:
            sock = key.fileobj
            if sock is listener:
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                conn.setblocking(False)
                state[conn] = [bytearray(), False]
                sel.register(conn, selectors.EVENT_READ)
                continue
            if sock not in state:
                continue
            pending = state[sock][0]
            try:
                if mask & selectors.EVENT_READ:
                    try:
                        data = sock.recv(SMALL)
                        if data:
                            pending += data
                        else:
                            state[sock][1] = True
                    except BlockingIOError:
                        pass
                if pending:
                    try:
                        del pending[: sock.send(pending)]
                    except BlockingIOError:
                        pass
            except OSError:
                state[sock] = [bytearray(), True]
            update(sock)


# --- epoll with EPOLLONESHOT: every descriptor re-armed after it is handled --------------------

def serve_epoll(listener):
    listener.setblocking(False)
    ep = select.epoll()
    lfd = listener.fileno()
    ep.register(lfd, select.EPOLLIN)
    socks, outq, done = {}, {}, set()

    def rearm(fd):
        mask = select.EPOLLONESHOT
        if outq[fd]:
            mask |= select.EPOLLOUT
        elif fd not in done:
            mask |= select.EPOLLIN
        ep.modify(fd, mask)

    while True:
        for fd, ev in ep.poll(-1, 8):
            if fd == lfd:
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                conn.setblocking(False)
                socks[conn.fileno()], outq[conn.fileno()] = conn, bytearray()
                ep.register(conn.fileno(), select.EPOLLIN | select.EPOLLONESHOT)
                continue
            conn = socks[fd]
            try:
                if ev & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR) and fd not in done:
                    try:
                        data = conn.recv(SMALL)
                    except BlockingIOError:
                        data = None
                    if data == b"":
                        done.add(fd)
                    elif data:
                        outq[fd] += data
                if outq[fd]:
                    try:
                        del outq[fd][: conn.send(outq[fd])]
                    except BlockingIOError:
                        pass
            except OSError:
                done.add(fd)
                outq[fd] = bytearray()
            if fd in done and not outq[fd]:
                ep.unregister(fd)
                del socks[fd], outq[fd]
                done.discard(fd)
                conn.close()
            else:
                rearm(fd)


# --- asyncio: low-level loop.sock_* coroutines -------------------------------------------------

def serve_asyncio(listener):
    import asyncio

    async def client(loop, conn):
        with conn:
            try:
                while True:
                    data = await loop.sock_recv(conn, SMALL)
                    if not data:
                        break
                    await loop.sock_sendall(conn, data)
            except OSError:
                pass

    async def main():
        loop = asyncio.get_running_loop()
        listener.setblocking(False)
        tasks = set()
        while True:
            conn, _ = await loop.sock_accept(listener)
            conn.setblocking(False)
            task = asyncio.create_task(client(loop, conn))
            tasks.add(task)  # keep a reference until it is done
            task.add_done_callback(tasks.discard)

    asyncio.run(main())


# --- gevent: patch inside the role, spawn per accept -------------------------------------------

def serve_gevent(listener):
    from gevent import monkey

    monkey.patch_all()  # already done by the harness: patching again is harmless
    import gevent

    started = time.monotonic()
    while True:
        conn, _ = listener.accept()
        gevent.spawn(_relay, conn).name = f"client at {time.monotonic() - started:.3f}s"
