"""A pool server whose handler has no loop (the tutorial adds one "to handle several messages"):
it echoes what one recv() returned and closes. A client that sends its messages one by one,
waiting for each reply, gets only the first."""
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool


def _echo_once(conn):
    with conn:
        data = conn.recv(65536)
        if data:
            conn.sendall(data)


def serve_thread_pool(listener):
    with ThreadPool(cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply_async(_echo_once, (conn,))
