"""The process-pool server with the thread pool left out: each pool process serves the
connection it accepted itself before accepting the next, so the server handles only
cpu_count() clients at once, not the 2*cpu_count() one process's thread pool promises."""
from multiprocessing import cpu_count
from multiprocessing.pool import Pool


def accept_loop(listener):
    while True:
        conn, _ = listener.accept()
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)


def serve_process_pool(listener):
    n = cpu_count()
    with Pool(n) as pool:
        results = [pool.apply_async(accept_loop, (listener,)) for _ in range(n)]
        for r in results:
            r.get()
