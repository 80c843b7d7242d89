"""The gevent server with each greenlet joined right after it is spawned (to wait for it, as
one would a thread): the accept loop waits for one client to leave before taking the next."""


def _echo(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


def serve_gevent(listener):
    import gevent

    while True:
        conn, _ = listener.accept()
        gevent.spawn(_echo, conn).join()
