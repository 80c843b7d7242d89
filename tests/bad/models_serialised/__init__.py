"""Servers that wait for each connection's handler to finish before accepting the next (join()
on the thread or greenlet, pool.apply() for apply_async(), await instead of create_task(), a
polling loop that stays on the client it just accepted): every model serves one client at a time."""
import contextlib
import threading
from multiprocessing import cpu_count
from multiprocessing.pool import Pool, ThreadPool

BUFSIZE = 65536


def _echo(conn):
    with conn:
        try:
            while True:
                data = conn.recv(BUFSIZE)
                if not data:
                    break
                conn.sendall(data)
        except (ConnectionError, TimeoutError):
            pass


def serve_polling(listener):
    listener.setblocking(False)
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            continue
        conn.setblocking(False)
        with conn:
            pending = bytearray()
            while True:  # this client, until it leaves
                try:
                    data = conn.recv(BUFSIZE)
                    if not data:
                        break
                    pending += data
                except BlockingIOError:
                    pass
                except OSError:
                    break
                try:
                    if pending:
                        del pending[: conn.send(pending)]
                except BlockingIOError:
                    pass
                except OSError:
                    break


def serve_thread_per_connection(listener):
    while True:
        conn, _ = listener.accept()
        t = threading.Thread(target=_echo, args=(conn,), daemon=True)
        t.start()
        t.join()


def serve_thread_pool(listener, workers=None):
    with ThreadPool(workers or cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply(_echo, (conn,))


def serve_process_pool(listener):
    with Pool(cpu_count()) as pool:
        results = [pool.apply_async(serve_thread_pool, (listener, 2 * cpu_count())) for _ in range(cpu_count())]
        for result in results:
            result.get()


def serve_gevent(listener):
    import gevent

    while True:
        conn, _ = listener.accept()
        gevent.spawn(_echo, conn).join()


def serve_asyncio(listener):
    import asyncio

    async def handle(reader, writer):
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
        loop = asyncio.get_running_loop()
        listener.setblocking(False)
        while True:
            conn, _ = await loop.sock_accept(listener)
            reader, writer = await asyncio.open_connection(sock=conn, limit=BUFSIZE)
            await handle(reader, writer)  # meant: asyncio.create_task(handle(reader, writer))

    asyncio.run(main())
