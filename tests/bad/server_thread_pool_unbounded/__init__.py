"""A "pool" server that starts a new thread for every connection instead of handing it to a pool
of cpu_count() threads: it answers everyone, but a flood of clients makes as many threads as
there are connections, which is what the pool was there to prevent."""
import threading


def _echo(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


def serve_thread_pool(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=_echo, args=(conn,), daemon=True).start()
