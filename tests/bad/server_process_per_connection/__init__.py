"""serve_process_pool with no pool: it forks a new process for every accepted connection, so a flood
of clients makes as many processes as connections, which the pool of cpu_count() processes was
there to prevent."""
import contextlib
import os


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
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:  # reap the children that finished
                pass
        if os.fork() == 0:
            listener.close()
            _echo(conn)
            os._exit(0)
        conn.close()
