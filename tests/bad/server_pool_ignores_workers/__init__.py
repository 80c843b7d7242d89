"""serve_thread_pool that takes workers= (so the judge passes the pool's size) but ignores it and
sizes the pool by cpu_count(): asked for a pool of a given size, it serves another number at once."""
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool


def _echo(conn):
    with conn:
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
        except (ConnectionError, TimeoutError):
            pass


def serve_thread_pool(listener, workers=None):
    pool = ThreadPool(cpu_count())  # the mistake: workers is never used
    while True:
        conn, _ = listener.accept()
        pool.apply_async(_echo, (conn,))
