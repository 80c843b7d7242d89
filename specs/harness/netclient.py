"""A loopback client that writes and reads at the same time, on one thread, with a selector.

It sends each chunk whole (retrying partial writes), may pause between chunks and between
reads (a slow reader fills the server's send buffer), and reads whatever comes back.
"""
import dataclasses
import selectors
import socket
import time


@dataclasses.dataclass
class Exchange:
    sent: bytes
    received: bytes
    eof: bool  # the server closed its side after we half-closed ours
    error: str = ""  # a connection error, in words

    def describe(self):
        got, want = len(self.received), len(self.sent)
        if self.received == self.sent:
            return f"all {want} bytes came back"
        common = next((i for i, (a, b) in enumerate(zip(self.received, self.sent)) if a != b), min(got, want))
        detail = f"sent {want} bytes, got {got} back; they agree on the first {common} bytes"
        return detail + (f" ({self.error})" if self.error else "")


def connect(address, timeout=10.0, rcvbuf=None):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(timeout)
    sock.connect(address)
    return sock


def echo_exchange(
    address, chunks, *, pauses=(), read_pauses=(), hold_reads=False, half_close=True, half_close_after=None,
    wait_for_close=True, timeout=30.0, eof_timeout=10.0, rcvbuf=None, sock=None
):
    """Send `chunks` (pausing `pauses[i]` s after chunk i) while reading; then half-close and
    wait for the server's EOF. Returns an Exchange; never raises for the server's behaviour.
    `half_close_after`: half-close as soon as every chunk is sent and this many bytes came back
    (0: right after the last send, as `printf ... | nc` does; default: once the whole echo is
    back), then read the rest of the echo. `wait_for_close=False`: stop once the echo is back
    after the half-close, without waiting for the server's close (another claim's business).
    `hold_reads`: read nothing until the writes stall (the connection's buffers are full) or
    end; a server that drops what it cannot write at once then loses bytes on any machine.
    `timeout` and `eof_timeout` are seconds or a blocking.Patience."""
    from .blocking import Patience

    patience = [t for t in (timeout, eof_timeout) if isinstance(t, Patience)]
    started = time.monotonic()
    timeout = timeout.seconds if isinstance(timeout, Patience) else timeout
    eof_timeout = eof_timeout.seconds if isinstance(eof_timeout, Patience) else eof_timeout
    sent = b"".join(chunks)
    close_at = len(sent) if half_close_after is None else min(half_close_after, len(sent))
    received = bytearray()
    own = sock is None
    try:
        sock = sock or connect(address, rcvbuf=rcvbuf)
    except OSError as exc:
        return Exchange(sent, b"", False, f"could not connect: {exc}")
    sock.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
    queue = [memoryview(c) for c in chunks]
    pauses, read_pauses = list(pauses), list(read_pauses)
    index, next_send, next_read, reads, stalled = 0, 0.0, 0.0, 0, False
    wrote_eof, eof, error = False, False, ""
    deadline = time.monotonic() + timeout
    eof_deadline = None
    try:
        while not eof:
            now = time.monotonic()
            if now >= deadline or (eof_deadline and now >= eof_deadline):
                error = "timed out waiting for the server" if not wrote_eof or len(received) < len(sent) else "server did not close its side"
                break
            if not half_close and index >= len(queue) and len(received) >= len(sent):
                break
            if wrote_eof and not wait_for_close and len(received) >= len(sent):
                break
            want_write = index < len(queue) and now >= next_send
            if index >= len(queue) and not wrote_eof and half_close and len(received) >= close_at:
                try:
                    sock.shutdown(socket.SHUT_WR)
                except OSError as exc:
                    error = f"connection error while half-closing: {exc}"
                    break
                wrote_eof = True
            if wrote_eof and eof_deadline is None and len(received) >= len(sent):
                eof_deadline = time.monotonic() + eof_timeout  # the wait for the server's close
            want_read = now >= next_read and (not hold_reads or stalled or index >= len(queue))
            events = (selectors.EVENT_READ if want_read else 0) | (selectors.EVENT_WRITE if want_write else 0)
            wake = min([t for t in (next_send, next_read) if t > now] + [now + 0.05])
            if not events:
                time.sleep(max(0.0, wake - now))
                continue
            sel.modify(sock, events)
            ready = sel.select(max(0.0, wake - now))
            if want_write and not any(mask & selectors.EVENT_WRITE for _, mask in ready):
                stalled = True  # the connection's buffers are full: writes wait for reads
            for _, mask in ready:
                if mask & selectors.EVENT_READ:
                    try:
                        data = sock.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        data = None
                    except OSError as exc:
                        error = f"connection error while reading: {exc}"
                        eof = True
                        break
                    if data == b"":
                        if len(received) < len(sent) or not (wrote_eof or not half_close):
                            error = "server closed the connection before echoing everything"
                            if wrote_eof:
                                error += " (after the client half-closed)"
                        eof = True
                        break
                    if data:
                        received += data
                        if reads < len(read_pauses) and read_pauses[reads] > 0:
                            next_read = time.monotonic() + read_pauses[reads]
                        reads += 1
                if mask & selectors.EVENT_WRITE and index < len(queue):
                    try:
                        n = sock.send(queue[index])
                    except (BlockingIOError, InterruptedError):
                        n = 0
                    except OSError as exc:
                        error = f"connection error while writing: {exc}"
                        eof = True
                        break
                    # (a partial send is not a stall: only a write refused for a whole wait is, when
                    # both directions' buffers are full and the server is stuck in its own send)
                    queue[index] = queue[index][n:]
                    if not len(queue[index]):
                        if index < len(pauses) and pauses[index] > 0:
                            next_send = time.monotonic() + pauses[index]
                        index += 1
    finally:
        sel.close()
        if own:
            sock.close()
    got_eof = eof and wrote_eof and not error
    for p in patience:
        if error.startswith(("timed out", "server did not close")):
            p.miss()
        elif not error:
            p.succeeded(time.monotonic() - started)
    return Exchange(sent, bytes(received), got_eof, error)
