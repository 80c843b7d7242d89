"""A loopback client that writes and reads at the same time, on one thread, with a selector.

It sends each chunk whole (retrying partial writes), may pause between chunks and between
reads (a slow reader fills the server's send buffer), and reads whatever comes back.
"""
import dataclasses
import functools
import select
import selectors
import socket
import struct
import time

from .messages import hint, say


@dataclasses.dataclass
class Exchange:
    sent: bytes
    received: bytes
    eof: bool  # the server closed its side after we half-closed ours
    error: str = ""  # a connection error, in English words (matched here; error_words() shows it)
    plan: str = ""  # how the client sent and read, in words of the run's language ("3 chunks: 1 MiB, 4 KiB, 12 B; ...")

    @functools.cached_property
    def common(self):
        """How many first bytes sent and received agree (compared a block at a time: megabytes)."""
        limit, at = min(len(self.received), len(self.sent)), 0
        while at < limit and self.received[at:at + 4096] == self.sent[at:at + 4096]:
            at += 4096
        return next((i for i in range(at, min(at + 4096, limit)) if self.received[i] != self.sent[i]), limit)

    def describe(self):
        """What came back, as evidence a student can read: sizes, the first byte that differs with
        a short hex/ASCII window, bytes dropped mid-stream, how the client sent and read (the hint
        is hint_line's)."""
        got, want = len(self.received), len(self.sent)
        if self.received == self.sent:
            return say(f"all {want} bytes came back", f"全部 {want} 字节都回显了")
        common = self.common
        detail = say(f"sent {want} bytes, got {got} back; they agree on the first {common} bytes",
                     f"发送了 {want} 字节，收回 {got} 字节；两者的前 {common} 字节一致")
        detail += say(f" ({self.error})", f"（出错：{error_words(self.error)}）") if self.error else ""
        if common < min(got, want):  # each piece of evidence on a line of its own: a report cuts long lines
            skipped = self.skipped(common)
            sent_at, got_at = window(self.sent, common), window(self.received, common)
            detail += say(f"\n  at byte {common}: sent {sent_at}, got {got_at}",
                          f"\n  第 {common} 字节处：发送的是 {sent_at}，收回的是 {got_at}")
            if skipped:
                detail += f"\n  {skipped}"
        if self.plan:
            detail += say(f"\n  the client {self.plan}", f"\n  客户端{self.plan}")
        return detail

    def skipped(self, common):
        """Bytes dropped from the middle of the stream (the rest came back, later bytes first): what
        the received bytes after the first difference show, or ""."""
        needle = self.received[common:common + 64]
        if len(needle) < 16:
            return ""
        found = self.sent.find(needle, common + 1)
        if found < 0:
            return ""
        exact = self.sent.find(needle, found + 1) < 0
        if exact:
            return say(f"{found - common} bytes of the stream went missing there: what came back next was sent later",
                       f"数据流在这里丢了 {found - common} 字节：接下来收回的是更晚才发送的数据")
        return say("some bytes of the stream went missing there: what came back next was sent later",
                   "数据流在这里丢了一些字节：接下来收回的是更晚才发送的数据")

    def hint_line(self):
        """The hint line (made by messages.hint, in the run's language) where the evidence points to one
        usual cause, else "": ends a message."""
        words = self.hint_words()
        if not words:
            return ""
        en, zh = words
        return hint(en, zh)

    def hint(self):
        """The usual cause the evidence points to, in English (matched by the specs), or ""."""
        words = self.hint_words()
        return words[0] if words else ""

    def hint_words(self):
        """(English, Chinese) of the usual cause the evidence points to, or () when it points to none."""
        got, want = len(self.received), len(self.sent)
        if self.received == self.sent:
            return ()
        common = self.common
        if self.error.startswith("could not connect"):
            return ("nothing accepted the connection: the server had stopped serving (see how it ended)",
                    "没有谁接受这个连接：服务器已经停止服务（看看它是怎样结束的）")
        if "reset" in self.error.lower():
            return ("the server reset the connection: it closed a socket with unread input, or its process died",
                    "服务器重置了连接：它关闭了一个还有未读数据的套接字，或者它的进程死掉了")
        if common < min(got, want) and self.skipped(common):
            return ("part of the stream was dropped: send() may write only part of the buffer (use sendall(), or keep "
                    "the rest and write it when the socket is writable)",
                    "数据流中有一段丢了：send() 可能只写出缓冲区的一部分（请用 sendall()，或者留下剩余部分，"
                    "等套接字可写时再写）")
        if common < min(got, want):
            return ("bytes came back changed: echo exactly the bytes received (no decode, strip or re-encode)",
                    "回显的字节被改动了：应原样回显收到的字节（不要 decode、strip 或重新 encode）")
        if got > want:
            return ("more bytes came back than were sent: data was sent twice, or went to the wrong client",
                    "收回的字节比发送的多：数据被发送了两次，或者发给了别的客户端")
        if "closed the connection before echoing everything" in self.error:
            if "half-closed" in self.error:  # closing at recv() == b'', or having dropped what send() did not take
                return ("the client half-closed and the server closed with part of the echo never sent: close only after "
                        "the pending output has been written (send() may write only part of the buffer: use sendall(), or keep the rest)",
                        "客户端半关闭后，服务器在部分回显还没发出时就关闭了连接：要等待发送的数据全部写出后再关闭"
                        "（send() 可能只写出缓冲区的一部分：请用 sendall()，或者留下剩余部分）")
            return ("the server closed the connection before the client had finished: keep reading until recv() returns b''",
                    "客户端还没发完，服务器就关闭了连接：应一直读，直到 recv() 返回 b''")
        if got < want and self.error.startswith("timed out"):
            return ("part of the echo never came: send() may write only part of the buffer (use sendall(), or keep "
                    "the rest and write it when the socket is writable), and every recv()'d byte must be sent",
                    "有一部分回显始终没有到达：send() 可能只写出缓冲区的一部分（请用 sendall()，或者留下剩余部分，"
                    "等套接字可写时再写），而且 recv() 收到的每个字节都必须发回去")
        return ()


def error_words(error):
    """An Exchange's error (English: matched above and by the specs) in the run's language, to show."""
    fixed = {
        "timed out waiting for the server": "等待服务器超时",
        "server did not close its side": "服务器没有关闭它那一端",
        "server closed the connection before echoing everything": "服务器在全部回显之前就关闭了连接",
        "server closed the connection before echoing everything (after the client half-closed)":
            "客户端半关闭后，服务器在全部回显之前就关闭了连接",
        "timed out": "超时",
        "no reply": "没有回复",
    }
    prefixes = {  # the rest is the OSError's own text
        "could not connect: ": "无法连接：{}",
        "connection error while half-closing: ": "半关闭时连接出错：{}",
        "connection error while reading: ": "读取时连接出错：{}",
        "connection error while writing: ": "写入时连接出错：{}",
    }
    if error in fixed:
        return say(error, fixed[error])
    for prefix, words in prefixes.items():
        if error.startswith(prefix):
            return say(error, words.format(error[len(prefix):]))
    return error


def window(data, offset, width=8):
    """A few bytes around offset, as hex and as text: `6c 6f [21] 0a  "lo[!]."`."""
    if offset >= len(data):
        return say("nothing", "（无）")
    start, end = max(0, offset - width // 2), min(len(data), offset + width // 2 + 1)
    hexed = " ".join(f"[{b:02x}]" if start + i == offset else f"{b:02x}" for i, b in enumerate(data[start:end]))
    text = "".join(chr(b) if 32 <= b < 127 else "." for b in data[start:end])
    return f"{hexed} {text!r}"


def plan_of(chunks, pauses=(), read_pauses=(), hold_reads=False, half_close=True, half_close_after=None, rcvbuf=None):
    """How echo_exchange will send and read, in words, for a failure's evidence."""
    sizes = [len(c) for c in chunks]
    shown = ", ".join(size_text(s) for s in sizes[:4]) + (f", ... ({len(sizes)} in all)" if len(sizes) > 4 else "")
    shown_zh = "、".join(size_text(s) for s in sizes[:4]) + (f"……（共 {len(sizes)} 块）" if len(sizes) > 4 else "")
    words = [say(f"sent {len(sizes)} chunk{'s' if len(sizes) != 1 else ''} ({shown})", f"分 {len(sizes)} 块发送（{shown_zh}）")]
    if any(p > 0 for p in pauses):
        words.append(say(f"pausing up to {max(pauses):.3g} s between them", f"块与块之间最多暂停 {max(pauses):.3g} 秒"))
    if hold_reads:
        words.append(say("read nothing until its writes stalled", "在写不动之前什么也不读"))
    if any(p > 0 for p in read_pauses):
        words.append(say(f"stopped reading for up to {max(read_pauses):.3g} s between reads",
                         f"两次读取之间最多停读 {max(read_pauses):.3g} 秒"))
    if rcvbuf:
        words.append(say(f"had a {size_text(rcvbuf)} receive buffer", f"接收缓冲区为 {size_text(rcvbuf)}"))
    if half_close:
        words.append(say("half-closed right after its last send", "最后一次发送后立即半关闭") if half_close_after == 0 else
                     say("half-closed once the whole echo was back", "等全部回显收回后才半关闭") if half_close_after is None else
                     say(f"half-closed after {size_text(half_close_after)} had come back",
                         f"收回 {size_text(half_close_after)} 后半关闭"))
    return say(", ".join(words), "，".join(words))


def size_text(n):
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} B"


def connect(address, timeout=10.0, rcvbuf=None):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(timeout)
    sock.connect(address)
    return sock


def reset(sock):
    """Close with an RST instead of a FIN (SO_LINGER on, zero timeout)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def fill_without_blocking(sock, limit, settle=0.0):
    """Write without reading until `limit` bytes are sent or the connection takes no more: at the
    first write that would block, or (with `settle`) once it has taken nothing for `settle` seconds
    (a peer still reading slowly is not yet full). Returns the bytes sent."""
    sock.setblocking(False)
    block, sent = b"r" * 65536, 0
    try:
        while sent < limit:
            try:
                sent += sock.send(block[: limit - sent])
            except (BlockingIOError, InterruptedError):
                if not settle or not select.select([], [sock], [], settle)[1]:
                    break
    finally:
        sock.setblocking(True)
    return sent


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
    plan = plan_of(chunks, pauses, read_pauses, hold_reads, half_close, half_close_after, rcvbuf)
    close_at = len(sent) if half_close_after is None else min(half_close_after, len(sent))
    received = bytearray()
    own = sock is None
    try:
        sock = sock or connect(address, rcvbuf=rcvbuf)
    except OSError as exc:
        return Exchange(sent, b"", False, f"could not connect: {exc}", plan)
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
    return Exchange(sent, bytes(received), got_eof, error, plan)
