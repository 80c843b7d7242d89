"""The tutorial's gevent server as written, less its print(): the handler replies with send().
On a gevent socket send() writes what fits and returns the count (waiting once at most), so
when the client reads slowly the rest of each reply is silently lost."""


def socket_recv(conn):
    while True:
        recv_data = conn.recv(1024)
        if recv_data:
            conn.send(recv_data)
        else:
            conn.close()
            break


def serve_gevent(listener):
    import gevent

    while True:
        conn, addr = listener.accept()
        gevent.spawn(socket_recv, conn)
