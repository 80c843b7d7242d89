"""Echo servers at the edges of what the contract allows: tiny reads, _thread.start_new_thread,
a socketserver thread pool fixed at cpu_count() (no workers= for the judge), a process pool whose
accept loops bound their threads with a semaphore, a polling loop that yields with sleep(0),
select.select with a short timeout, level-triggered epoll returning one event per poll, asyncio
streams that write without drain(), gevent's StreamServer with a greenlet Pool. All still echo
every byte in order, close after the client's end-of-stream once the echo is out, and survive
resets; their buffers may grow, but nothing is dropped."""
import _thread
import os
import select
import socket
import socketserver
import threading
import time

TINY = 16


def _echo(conn):
    try:
        while True:
            data = conn.recv(TINY)
            if not data:
                break
            conn.sendall(data)
    except OSError:
        pass
    finally:
        conn.close()


def serve_iterative(listener):
    while True:
        conn, _ = listener.accept()
        _echo(conn)


def serve_thread_per_connection(listener):
    while True:
        conn, _ = listener.accept()
        _thread.start_new_thread(_echo, (conn,))


class _PooledHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            try:
                data = self.request.recv(TINY * 64)
            except OSError:
                return
            if not data:
                return
            try:
                self.request.sendall(data)
            except OSError:
                return


class _PoolServer(socketserver.TCPServer):
    """socketserver with process_request handed to a ThreadPoolExecutor (a 'ThreadPoolMixIn')."""

    def __init__(self, listener, size):
        from concurrent.futures import ThreadPoolExecutor

        super().__init__(listener.getsockname()[:2], _PooledHandler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.executor = ThreadPoolExecutor(size)

    def process_request(self, request, client_address):
        self.executor.submit(self._work, request, client_address)

    def _work(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            pass
        finally:
            self.shutdown_request(request)


def serve_thread_pool(listener):
    _PoolServer(listener, os.cpu_count() or 1).serve_forever()


def _bounded_accept_loop(listener, threads):
    slots = threading.BoundedSemaphore(threads)

    def serve(conn):
        try:
            _echo(conn)
        finally:
            slots.release()

    while True:
        conn, _ = listener.accept()
        slots.acquire()  # at most `threads` connections served at once by this process
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def serve_process_pool(listener):
    from multiprocessing import Pool, cpu_count

    n = cpu_count()
    with Pool(n) as pool:
        pool.starmap(_bounded_accept_loop, [(listener, 2 * n)] * n, chunksize=1)


def serve_polling(listener):
    listener.setblocking(False)
    conns, out, eof = [], {}, set()
    while True:
        try:
            c, _ = listener.accept()
            c.setblocking(False)
            conns.append(c)
            out[c] = bytearray()
        except BlockingIOError:
            pass
        for c in list(conns):
            try:
                try:
                    if c not in eof and len(out[c]) < 65536:
                        d = c.recv(4096)
                        if d:
                            out[c] += d
                        else:
                            eof.add(c)
                except BlockingIOError:
                    pass
                try:
                    if out[c]:
                        del out[c][: c.send(out[c])]
                except BlockingIOError:
                    pass
            except OSError:
                eof.add(c)
                out[c].clear()
            if c in eof and not out[c]:
                conns.remove(c)
                del out[c]
                eof.discard(c)
                c.close()
        time.sleep(0)  # let other threads have the GIL; it does not wait


def serve_select(listener):
    listener.setblocking(False)
    rlist, pending, done = [listener], {}, set()
    while True:
        wlist = [s for s, buf in pending.items() if buf]
        readable, writable, _ = select.select(rlist, wlist, [], 0.05)
        for s in readable:
            if s is listener:
                try:
                    c, _ = s.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                c.setblocking(False)
                rlist.append(c)
                pending[c] = bytearray()
                continue
            try:
                d = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                d, pending[s] = b"", bytearray()
            if d:
                pending[s] += d
            else:
                rlist.remove(s)
                done.add(s)
        for s in list(pending):
            buf = pending[s]
            if buf and (s in writable or s in readable):
                try:
                    del buf[: s.send(buf)]
                except BlockingIOError:
                    pass
                except OSError:
                    buf.clear()
                    done.add(s)
                    if s in rlist:
                        rlist.remove(s)
            if s in done and not buf:
                del pending[s]
                done.discard(s)
                s.close()


def serve_epoll(listener):
    listener.setblocking(False)
    ep = select.epoll()
    ep.register(listener, select.EPOLLIN)
    by_fd, data, closing = {}, {}, set()
    while True:
        for fd, ev in ep.poll(maxevents=1):
            if fd == listener.fileno():
                try:
                    c, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                c.setblocking(False)
                by_fd[c.fileno()], data[c.fileno()] = c, bytearray()
                ep.register(c, select.EPOLLIN)
                continue
            c = by_fd[fd]
            buf = data[fd]
            try:
                if ev & select.EPOLLOUT:
                    del buf[: c.send(buf)]
                if ev & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR) and fd not in closing:
                    d = c.recv(8192)
                    if d:
                        buf += d
                    else:
                        closing.add(fd)
            except BlockingIOError:
                pass
            except OSError:
                closing.add(fd)
                buf.clear()
            if fd in closing and not buf:
                ep.unregister(fd)
                c.close()
                del by_fd[fd], data[fd]
                closing.discard(fd)
                continue
            mask = 0 if fd in closing else select.EPOLLIN
            if buf:
                mask |= select.EPOLLOUT
            ep.modify(fd, mask)


def serve_asyncio(listener):
    import asyncio

    async def on_client(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)  # the transport buffers what the socket does not take yet
        except ConnectionError:
            pass
        writer.close()  # flushes the buffer, then closes

    async def main():
        server = await asyncio.start_server(on_client, sock=listener)
        await server.serve_forever()

    asyncio.run(main())


def serve_gevent(listener):
    from gevent.pool import Pool
    from gevent.server import StreamServer

    def handle(conn, _addr):
        with conn.makefile("rb", buffering=0) as f:
            try:
                while True:
                    data = f.read(4096)  # what has arrived, up to 4096 bytes
                    if not data:
                        break
                    conn.sendall(data)  # not f.write: a raw socket file may write only part
            except OSError:
                pass

    StreamServer(listener, handle, spawn=Pool(10000)).serve_forever()
