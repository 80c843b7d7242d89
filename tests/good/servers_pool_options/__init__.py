"""A thread-pool echo server whose signature forwards extra keyword options to its
ThreadPoolExecutor (serve_thread_pool(listener, **executor_options)); the pool's size is
cpu_count(), as the tutorial's. Called as serve_thread_pool(listener), as the contract's required
signature says, it is a correct pool server: every byte echoed, N clients at once, the next waits."""
import os
from concurrent.futures import ThreadPoolExecutor


def _echo(conn):
    with conn:
        try:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass


def serve_thread_pool(listener, **executor_options):
    executor_options.setdefault("thread_name_prefix", "echo-worker")
    with ThreadPoolExecutor(max_workers=os.cpu_count(), **executor_options) as pool:
        while True:
            conn, _ = listener.accept()
            pool.submit(_echo, conn)
