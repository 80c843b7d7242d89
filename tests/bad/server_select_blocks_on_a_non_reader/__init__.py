"""The textbook select() echo server: select on the listener and the connections, recv what is
ready, sendall it back. The accepted sockets stay blocking, so sendall() waits for as long as one
client does not read its echo -- and while it waits, no other client is served."""
import select


def serve_select(listener):
    socks = [listener]
    while True:
        readable, _, _ = select.select(socks, [], [])
        for s in readable:
            if s is listener:
                conn, _ = listener.accept()
                socks.append(conn)
                continue
            try:
                data = s.recv(65536)
                if data:
                    s.sendall(data)  # bug: blocks the whole loop while this client is not reading
                    continue
            except OSError:
                pass
            socks.remove(s)
            s.close()
