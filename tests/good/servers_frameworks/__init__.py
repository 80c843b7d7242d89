"""Echo servers written on the standard library's frameworks instead of hand-made loops:
socketserver over the given listener, concurrent.futures executors, multiprocessing.Process
accept loops, selectors with a callback per registered socket, edge-triggered epoll, an asyncio
Protocol with transport flow control, gevent's StreamServer. Each still echoes every byte in
order, keeps unsent output, closes only once the echo is written, and drops only a reset client."""
import errno
import os
import select
import selectors
import socket
import socketserver
import threading
from concurrent.futures import ThreadPoolExecutor

CHUNK = 4096
HIGH_WATER = 256 * 1024  # stop reading a connection while this much of its echo waits


def _echo_blocking(sock):
    """Plain blocking echo over recv_into a reused buffer; sendall of the filled view."""
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    try:
        while True:
            n = sock.recv_into(buf)
            if n == 0:
                return
            sock.sendall(view[:n])
    except OSError:  # reset, broken pipe: this client only
        pass
    finally:
        view.release()
        sock.close()


# --- iterative ---------------------------------------------------------------------------------

def serve_iterative(listener):
    while True:
        try:
            conn, _addr = listener.accept()
        except (ConnectionAbortedError, InterruptedError):
            continue
        _echo_blocking(conn)


# --- thread per connection: socketserver on the harness's listener ----------------------------

class _EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            try:
                data = self.request.recv(CHUNK)
                if not data:
                    break
                self.request.sendall(data)
            except OSError:
                break


class _ListenerServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, listener, handler):
        super().__init__(listener.getsockname()[:2], handler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener  # already bound and listening

    def handle_error(self, request, client_address):
        pass  # a client's trouble is not the server's


def serve_thread_per_connection(listener):
    with _ListenerServer(listener, _EchoHandler) as server:
        server.serve_forever()


# --- thread pool: concurrent.futures -----------------------------------------------------------

def serve_thread_pool(listener, workers=None):
    size = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=size, thread_name_prefix="echo") as executor:
        while True:
            try:
                conn, _ = listener.accept()
            except (ConnectionAbortedError, InterruptedError):
                continue
            executor.submit(_echo_blocking, conn)


# --- process pool: N forked processes, each accepting on the inherited listener ---------------

def _accept_forever(listener, threads):
    with ThreadPoolExecutor(max_workers=threads) as executor:
        while True:
            try:
                conn, _ = listener.accept()
            except (ConnectionAbortedError, InterruptedError):
                continue
            executor.submit(_echo_blocking, conn)


def serve_process_pool(listener):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")  # children inherit the listening descriptor
    n = multiprocessing.cpu_count()
    workers = [ctx.Process(target=_accept_forever, args=(listener, 2 * n), name=f"acceptor-{i}") for i in range(n)]
    for w in workers:
        w.start()
    while True:  # keep the pool at full strength
        for i, w in enumerate(workers):
            w.join(timeout=1.0)
            if not w.is_alive():
                workers[i] = ctx.Process(target=_accept_forever, args=(listener, 2 * n), name=w.name)
                workers[i].start()


# --- polling: one list, a dict of pending output, never waiting -------------------------------

def serve_polling(listener):
    listener.setblocking(False)
    clients = []
    outbox = {}
    finished = set()
    while True:
        try:
            conn, _ = listener.accept()
        except (BlockingIOError, ConnectionAbortedError):
            pass
        else:
            conn.setblocking(False)
            clients.append(conn)
            outbox[conn] = bytearray()
        for conn in clients[:]:
            out = outbox[conn]
            dead = False
            if conn not in finished and len(out) < HIGH_WATER:
                try:
                    data = conn.recv(CHUNK)
                except BlockingIOError:
                    pass
                except OSError:
                    dead = True
                else:
                    if data:
                        out.extend(data)
                    else:
                        finished.add(conn)
            if out and not dead:
                try:
                    del out[: conn.send(out)]
                except BlockingIOError:
                    pass
                except OSError:
                    dead = True
            if dead or (conn in finished and not out):
                clients.remove(conn)
                del outbox[conn]
                finished.discard(conn)
                conn.close()


# --- selectors with a callback per socket --------------------------------------------------------

class _SelectorEcho:
    def __init__(self, listener):
        self.sel = selectors.DefaultSelector()
        self.listener = listener
        self.pending = {}  # socket -> bytearray of echo not yet written
        self.ended = set()  # sockets whose client sent end-of-stream
        listener.setblocking(False)
        self.sel.register(listener, selectors.EVENT_READ, self.on_accept)

    def run(self):
        while True:
            for key, events in self.sel.select():
                key.data(key.fileobj, events)

    def on_accept(self, listener, _events):
        try:
            conn, _ = listener.accept()
        except (BlockingIOError, ConnectionAbortedError):
            return
        conn.setblocking(False)
        self.pending[conn] = bytearray()
        self.sel.register(conn, selectors.EVENT_READ, self.on_ready)

    def on_ready(self, conn, events):
        buf = self.pending[conn]
        try:
            if events & selectors.EVENT_READ:
                try:
                    data = conn.recv(CHUNK)
                except BlockingIOError:
                    data = None
                if data == b"":
                    self.ended.add(conn)
                elif data:
                    buf += data
            if buf:
                try:
                    del buf[: conn.send(buf)]
                except BlockingIOError:
                    pass
        except OSError:
            self.drop(conn)
            return
        if conn in self.ended and not buf:
            self.drop(conn)
            return
        wanted = 0
        if conn not in self.ended and len(buf) < HIGH_WATER:
            wanted |= selectors.EVENT_READ
        if buf:
            wanted |= selectors.EVENT_WRITE
        if wanted != self.sel.get_key(conn).events:
            self.sel.modify(conn, wanted, self.on_ready)

    def drop(self, conn):
        self.sel.unregister(conn)
        self.pending.pop(conn, None)
        self.ended.discard(conn)
        conn.close()


def serve_select(listener):
    _SelectorEcho(listener).run()


# --- epoll, edge-triggered ---------------------------------------------------------------------

class _Conn:
    __slots__ = ("sock", "out", "eof")

    def __init__(self, sock):
        self.sock, self.out, self.eof = sock, bytearray(), False


def _pump(c):
    """Edge-triggered: make all the progress possible now (until EAGAIN). True when finished."""
    while True:
        while c.out:
            try:
                sent = c.sock.send(c.out)
            except BlockingIOError:
                break
            del c.out[:sent]
        if c.eof:
            return not c.out
        if len(c.out) >= HIGH_WATER:
            return False  # the EPOLLOUT edge brings us back; then we read again
        try:
            data = c.sock.recv(CHUNK)
        except BlockingIOError:
            return False  # drained: the next EPOLLIN edge brings us back
        if data:
            c.out += data
        else:
            c.eof = True


def serve_epoll(listener):
    listener.setblocking(False)
    lfd = listener.fileno()
    ep = select.epoll()
    ep.register(lfd, select.EPOLLIN | select.EPOLLET)
    conns = {}
    while True:
        try:
            events = ep.poll()
        except InterruptedError:
            continue
        for fd, _mask in events:
            if fd == lfd:
                while True:  # edge-triggered: accept every queued connection
                    try:
                        sock, _ = listener.accept()
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError as exc:
                        if exc.errno in (errno.ECONNABORTED, errno.EPROTO):
                            continue
                        raise
                    sock.setblocking(False)
                    conns[sock.fileno()] = c = _Conn(sock)
                    ep.register(sock.fileno(), select.EPOLLIN | select.EPOLLOUT | select.EPOLLRDHUP | select.EPOLLET)
                    try:
                        done = _pump(c)  # data may have arrived before registration
                    except OSError:
                        done = True
                    if done:
                        ep.unregister(sock.fileno())
                        del conns[sock.fileno()]
                        sock.close()
                continue
            c = conns.get(fd)
            if c is None:
                continue
            try:
                done = _pump(c)
            except OSError:
                done = True
            if done:
                ep.unregister(fd)
                del conns[fd]
                c.sock.close()


# --- asyncio: a Protocol with transport flow control ------------------------------------------

def serve_asyncio(listener):
    import asyncio

    class EchoProtocol(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport

        def data_received(self, data):
            self.transport.write(data)

        # the transport's buffer is past its high-water mark: stop reading until it drains
        def pause_writing(self):
            self.transport.pause_reading()

        def resume_writing(self):
            self.transport.resume_reading()

        def eof_received(self):
            return False  # the transport closes once everything written has been flushed

        def connection_lost(self, exc):
            self.transport = None

    async def main():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(EchoProtocol, sock=listener)
        await server.serve_forever()

    asyncio.run(main())


# --- gevent: StreamServer over the given listener ---------------------------------------------

def serve_gevent(listener):
    from gevent.server import StreamServer

    def handle(conn, _address):
        _echo_blocking(conn)

    StreamServer(listener, handle).serve_forever()
