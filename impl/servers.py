"""Echo servers. Each takes a listening socket and serves until its process is killed."""
__all__ = ["serve_iterative", "serve_thread_pool"]
import socket
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool

BUFSIZE = 65536


def echo_connection(conn):
    """Echo everything the peer sends until it closes its side; then close ours.

    sendall, not send: send may write only part of the buffer when the peer reads slowly.
    A reset peer ends only this connection.
    """
    with conn:
        try:
            while True:
                data = conn.recv(BUFSIZE)
                if not data:
                    break
                conn.sendall(data)
        except (ConnectionError, TimeoutError):
            pass


def serve_iterative(listener):
    """One client at a time: the next one waits in the listen backlog."""
    while True:
        conn, _ = listener.accept()
        echo_connection(conn)


def serve_thread_pool(listener, workers=None):
    """The tutorial's pool server: a pool of cpu_count() threads, one connection per thread."""
    with ThreadPool(workers or cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply_async(echo_connection, (conn,))
