"""Concurrent servers that count the bytes they echo in a shared counter, updating it with the
tutorial's lock.acquire() ... lock.release() around the reply instead of `with lock:`. A client
that resets its connection makes the reply raise between the two: the lock is never released, and
every other connection's handler waits for it forever."""
import threading
from multiprocessing import cpu_count
from multiprocessing.pool import Pool, ThreadPool

BUFSIZE = 65536
lock = threading.Lock()  # gevent's, in the monkey-patched interpreter of serve_gevent
echoed = 0


def _echo(conn):
    global echoed
    with conn:
        while True:
            data = conn.recv(BUFSIZE)
            if not data:
                break
            lock.acquire()
            conn.sendall(data)
            echoed += len(data)
            lock.release()


def serve_thread_per_connection(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=_echo, args=(conn,), daemon=True).start()


def serve_thread_pool(listener, workers=None):
    with ThreadPool(workers or cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply_async(_echo, (conn,))


def serve_process_pool(listener):
    with Pool(cpu_count()) as pool:
        results = [pool.apply_async(serve_thread_pool, (listener, 2 * cpu_count())) for _ in range(cpu_count())]
        for result in results:
            result.get()


def serve_gevent(listener):
    import gevent

    while True:
        conn, _ = listener.accept()
        gevent.spawn(_echo, conn)


def serve_asyncio(listener):
    import asyncio

    async def main():
        alock = asyncio.Lock()

        async def handle(reader, writer):
            global echoed
            while True:
                data = await reader.read(BUFSIZE)
                if not data:
                    break
                await alock.acquire()
                writer.write(data)
                await writer.drain()
                echoed += len(data)
                alock.release()
            writer.close()

        server = await asyncio.start_server(handle, sock=listener, limit=BUFSIZE)
        async with server:
            await server.serve_forever()

    asyncio.run(main())
