"""The tutorial's pool server with a reply added the way the module-level code invites: the
handler reads from its own connection but replies through `conn`, the global the accept loop
assigns. Alone, a client gets its bytes back; with several connected, every reply goes to the
newest client: their streams are cross-wired."""
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool

conn = None


def socket_recv(c):
    while True:
        recv_data = c.recv(65536)
        if recv_data:
            conn.sendall(recv_data)  # should be c
        else:
            c.close()
            break


def serve_thread_pool(listener):
    global conn
    pool = ThreadPool(cpu_count())
    while True:
        conn, addr = listener.accept()
        pool.apply_async(socket_recv, args=(conn,))
