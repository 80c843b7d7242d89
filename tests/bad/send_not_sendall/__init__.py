"""A pool server whose handler polls a non-blocking connection, in the tutorial's exception-
handling style (非阻塞IO), and replies with send(). On a non-blocking socket send() writes only
what fits in the send buffer, or raises BlockingIOError when nothing fits, and this handler
ignores both: bytes are lost whenever the client reads more slowly than it writes.

(On Linux a blocking socket's send() waits until everything is buffered, so this mistake only
shows once the socket is non-blocking, as here.)"""
import time
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool


def socket_recv(conn):
    conn.setblocking(False)
    with conn:
        while True:
            try:
                data = conn.recv(65536)
            except BlockingIOError:
                time.sleep(0.001)
                continue
            if not data:
                break
            try:
                conn.send(data)
            except BlockingIOError:
                pass


def serve_thread_pool(listener):
    pool = ThreadPool(cpu_count())
    while True:
        conn, _ = listener.accept()
        pool.apply_async(socket_recv, args=(conn,))
