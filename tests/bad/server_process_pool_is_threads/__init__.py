"""serve_process_pool without the processes: one process that starts a thread per accepted
connection (the thread-per-connection server renamed). It echoes and serves as many clients at once
as anyone asks, but every connection lives in that one process."""
import threading


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


def serve_process_pool(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=_echo, args=(conn,), daemon=True).start()
