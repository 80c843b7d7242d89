"""Threaded servers that wait for each connection's handler before accepting the next: the
thread-per-connection server joins the thread it just started, the pool server calls .get() on
apply_async's result (to see its errors). Threads, but one client at a time."""
import threading
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool


def _echo(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


def serve_thread_per_connection(listener):
    while True:
        conn, _ = listener.accept()
        t = threading.Thread(target=_echo, args=(conn,))
        t.start()
        t.join()


def serve_thread_pool(listener):
    with ThreadPool(cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply_async(_echo, (conn,)).get()
