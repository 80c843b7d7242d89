"""The tutorial's first pool server, replying but with its typo `conn.colse()`: the handler
raises AttributeError instead of closing, and the server keeps a reference to every connection
(bookkeeping a student adds), so the client never reads end-of-stream."""
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool

OPEN = []


def socket_recv(conn):
    OPEN.append(conn)
    while True:
        data = conn.recv(65536)
        if data:
            conn.sendall(data)
        else:
            conn.colse()  # noqa: the tutorial's typo
            break


def serve_thread_pool(listener):
    pool = ThreadPool(cpu_count())
    while True:
        conn, _ = listener.accept()
        pool.apply_async(socket_recv, args=(conn,))
