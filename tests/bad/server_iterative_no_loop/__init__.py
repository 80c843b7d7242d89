"""An iterative server without the outer accept loop: it serves the first client, and when that
client leaves, serve_iterative returns and the server is gone; the next client is never answered."""


def serve_iterative(listener):
    conn, _ = listener.accept()
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)
