"""A home-made thread-pool echo server whose workers each retire after serving 32 connections
(a student's "recycle the worker" that forgets to start a replacement). With cpu_count() workers
it serves a few dozen connections correctly, then accepts and never answers."""
import os
import queue
import threading

CONNECTIONS_PER_WORKER = 32


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


def _worker(connections):
    for _ in range(CONNECTIONS_PER_WORKER):
        _echo(connections.get())


def serve_thread_pool(listener):
    connections = queue.Queue()
    for _ in range(os.cpu_count() or 2):
        threading.Thread(target=_worker, args=(connections,), daemon=True).start()
    while True:
        conn, _ = listener.accept()
        connections.put(conn)
