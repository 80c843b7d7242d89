"""Echo servers the way the tutorial teaches them, written by hand: a Thread subclass per client,
a home-made pool of worker threads fed by queue.Queue, a ProcessPoolExecutor running accept loops,
raw select.select / level-triggered epoll over dicts of fds and bytearrays that stop reading a
client until its echo is written, asyncio streams, gevent spawn into a Group. Still correct: every
byte comes back in order (sendall or kept remainders), a client's end-of-stream closes its
connection only once its echo is out, and a reset ends only that connection."""
import queue
import select
import socket
import threading

BUF = 1024


def handle_client(conn):
    """Echo one client until it closes its side (reads through a raw file object)."""
    try:
        with conn, conn.makefile("rb", buffering=0) as reader:
            while True:
                data = reader.read(BUF)  # what has arrived, up to BUF; b'' at end-of-stream
                if not data:
                    break
                conn.sendall(data)
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, TimeoutError):
        pass


def serve_iterative(listener):
    while True:
        client, _ = listener.accept()
        handle_client(client)


class ClientThread(threading.Thread):
    def __init__(self, conn, address):
        super().__init__(name=f"client {address}", daemon=True)
        self.conn = conn

    def run(self):
        handle_client(self.conn)


def serve_thread_per_connection(listener):
    while True:
        conn, address = listener.accept()
        ClientThread(conn, address).start()


class WorkerPool:
    """n threads taking connections from one queue; each serves a connection to its end."""

    def __init__(self, n):
        self.jobs = queue.Queue()
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(n)]
        for t in self.threads:
            t.start()

    def _work(self):
        while True:
            conn = self.jobs.get()
            try:
                handle_client(conn)
            except Exception:
                pass
            finally:
                self.jobs.task_done()

    def submit(self, conn):
        self.jobs.put(conn)


def serve_thread_pool(listener, workers=None):
    import multiprocessing

    pool = WorkerPool(workers if workers else multiprocessing.cpu_count())
    while True:
        conn, _ = listener.accept()
        pool.submit(conn)


def _process_main(listener, threads):
    pool = WorkerPool(threads)
    while True:
        conn, _ = listener.accept()
        pool.submit(conn)


def serve_process_pool(listener):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = multiprocessing.cpu_count()
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork")) as executor:
        futures = [executor.submit(_process_main, listener, 2 * n) for _ in range(n)]
        for f in futures:
            f.result()  # serve forever; a worker's failure surfaces here


def serve_polling(listener):
    listener.setblocking(False)
    socks = {}  # fd -> socket
    waiting = {}  # fd -> bytes read and not yet echoed
    closing = set()  # fds whose client sent end-of-stream
    while True:
        try:
            conn, _ = listener.accept()
            conn.setblocking(False)
            socks[conn.fileno()] = conn
            waiting[conn.fileno()] = b""
        except BlockingIOError:
            pass
        for fd in list(socks):
            conn = socks[fd]
            try:
                if not waiting[fd] and fd not in closing:  # read only once the last echo is out
                    try:
                        data = conn.recv(BUF)
                        if data:
                            waiting[fd] = data
                        else:
                            closing.add(fd)
                    except BlockingIOError:
                        pass
                if waiting[fd]:
                    try:
                        n = conn.send(waiting[fd])
                        waiting[fd] = waiting[fd][n:]
                    except BlockingIOError:
                        pass
            except (ConnectionResetError, BrokenPipeError, OSError):
                closing.add(fd)
                waiting[fd] = b""
            if fd in closing and not waiting[fd]:
                conn.close()
                del socks[fd], waiting[fd]
                closing.discard(fd)


def serve_select(listener):
    listener.setblocking(False)
    inputs = [listener]
    outputs = []
    buffers = {}  # socket -> bytearray
    eof = set()

    def close(s):
        for lst in (inputs, outputs):
            if s in lst:
                lst.remove(s)
        buffers.pop(s, None)
        eof.discard(s)
        s.close()

    while True:
        readable, writable, _ = select.select(inputs, outputs, [])
        for s in readable:
            if s is listener:
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                conn.setblocking(False)
                inputs.append(conn)
                buffers[conn] = bytearray()
                continue
            try:
                data = s.recv(BUF)
            except BlockingIOError:
                continue
            except OSError:
                close(s)
                continue
            inputs.remove(s)  # nothing more is read from it until its echo is written
            if data:
                buffers[s] += data
                outputs.append(s)
            else:
                eof.add(s)
                if buffers[s]:
                    outputs.append(s)
                else:
                    close(s)
        for s in writable:
            if s not in buffers:
                continue  # closed above in this round
            try:
                sent = s.send(buffers[s])
            except BlockingIOError:
                continue
            except OSError:
                close(s)
                continue
            del buffers[s][:sent]
            if not buffers[s]:
                outputs.remove(s)
                if s in eof:
                    close(s)
                else:
                    inputs.append(s)


def serve_epoll(listener):
    listener.setblocking(False)
    poller = select.epoll()
    poller.register(listener.fileno(), select.EPOLLIN)
    conns, out, hung_up = {}, {}, set()

    def drop(fd):
        poller.unregister(fd)
        conns.pop(fd).close()
        out.pop(fd, None)
        hung_up.discard(fd)

    while True:
        for fd, event in poller.poll():
            if fd == listener.fileno():
                try:
                    conn, _ = listener.accept()
                except (BlockingIOError, ConnectionAbortedError):
                    continue
                conn.setblocking(False)
                conns[conn.fileno()] = conn
                out[conn.fileno()] = b""
                poller.register(conn.fileno(), select.EPOLLIN | select.EPOLLRDHUP)
                continue
            if fd not in conns:
                continue
            conn = conns[fd]
            try:
                if event & select.EPOLLOUT:
                    out[fd] = out[fd][conn.send(out[fd]):]
                elif event & (select.EPOLLIN | select.EPOLLRDHUP | select.EPOLLHUP | select.EPOLLERR):
                    data = conn.recv(BUF)
                    if data:
                        out[fd] += data
                        try:
                            out[fd] = out[fd][conn.send(out[fd]):]
                        except BlockingIOError:
                            pass
                    else:
                        hung_up.add(fd)
            except BlockingIOError:
                pass
            except OSError:
                drop(fd)
                continue
            if fd in hung_up and not out[fd]:
                drop(fd)
            elif out[fd]:
                poller.modify(fd, select.EPOLLOUT)  # only write until it is out
            elif fd in hung_up:
                poller.modify(fd, 0)
            else:
                poller.modify(fd, select.EPOLLIN | select.EPOLLRDHUP)


def serve_asyncio(listener):
    import asyncio

    async def echo(reader, writer):
        try:
            while not reader.at_eof():
                chunk = await reader.read(BUF)
                if chunk:
                    writer.write(chunk)
                    await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def run():
        server = await asyncio.start_server(echo, sock=listener)
        async with server:
            await server.serve_forever()

    asyncio.run(run())


def serve_gevent(listener):
    import gevent.pool

    clients = gevent.pool.Group()
    while True:
        conn, _ = listener.accept()
        clients.spawn(handle_client, conn)
