"""基本IO模型 and IO多路复用 — streams, file descriptors, blocking and non-blocking IO, selectors, epoll.

Checks are plain functions taking the asserted facts; tests/test_wrong_io.py feeds them the wrong
statements (the tutorial's, where it is wrong) and expects them to fail.
"""
import contextlib
import errno
import os
import selectors
import socket
import sys
import tempfile
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from . import strategies as gen
from .harness import claim
from .harness.checks import expect_raises
from .harness.blocking import PendingCall, assert_blocks_until, assert_returns_promptly, assert_stays_blocked
from .harness.timing import assert_ratio

TIMEOUT = 10.0
LINUX = sys.platform.startswith("linux")


@contextlib.contextmanager
def pipe():
    r, w = os.pipe()
    try:
        yield r, w
    finally:
        for fd in (r, w):
            with contextlib.suppress(OSError):
                os.close(fd)


@contextlib.contextmanager
def tcp_pairs(n):
    """n connected loopback TCP pairs [(client, server side)]."""
    with socket.socket() as lst, contextlib.ExitStack() as stack:
        lst.bind(("127.0.0.1", 0))
        lst.listen(n)
        lst.settimeout(TIMEOUT)
        pairs = []
        for _ in range(n):
            c = stack.enter_context(socket.create_connection(lst.getsockname(), timeout=TIMEOUT))
            s, _ = lst.accept()
            stack.enter_context(s)
            s.settimeout(TIMEOUT)
            pairs.append((c, s))
        yield pairs


def read_to_end(read, sizes):
    reads, i = [], 0
    while True:
        data = read(sizes[i % len(sizes)])
        reads.append(data)
        i += 1
        if not data:
            return reads


# ---- 数据流概念 -----------------------------------------------------------------------------------------

def check_stream_reads(written, reads, sizes):
    """reads of a stream: the bytes in order, each once, at most the size asked, and an empty read at the end."""
    assert b"".join(reads) == written, f"wrote {len(written)} bytes, the reads returned {len(b''.join(reads))} (in order: {b''.join(reads) == written})"
    assert reads[-1] == b"", "the end of the stream should show as an empty read"
    for i, data in enumerate(reads[:-1]):
        assert 1 <= len(data) <= sizes[i % len(sizes)], f"read {i} returned {len(data)} bytes"


def check_file_rereadable(data):
    """A regular file is not consumed: after seeking back, the same bytes read again."""
    with tempfile.TemporaryFile() as f:
        f.write(data)
        f.seek(0)
        first = f.read()
        f.seek(0)
        assert f.read() == first == data, "a regular file's bytes could not be read again after seeking back"


def pipe_stream(chunks, sizes):
    """Write chunks into a pipe and close it, while reading it to the end in `sizes` reads."""
    with pipe() as (r, w):
        def write_all():
            for c in chunks:
                os.write(w, c)  # a blocking pipe write takes all of it
            os.close(w)  # the end of the stream

        writer = threading.Thread(target=write_all, daemon=True)
        writer.start()
        reads = read_to_end(lambda n: os.read(r, n), sizes)
        writer.join(TIMEOUT)
    return reads


def tcp_stream(chunks, sizes):
    """The same over a loopback TCP connection: sendall each chunk, then shut down the sending side."""
    with tcp_pairs(1) as [(client, server)]:
        def write_all():
            for c in chunks:
                client.sendall(c)
            client.shutdown(socket.SHUT_WR)  # the end of the stream

        writer = threading.Thread(target=write_all, daemon=True)
        writer.start()
        reads = read_to_end(server.recv, sizes)
        writer.join(TIMEOUT)
    return reads


@claim("io.stream.ordered-consumed")
@pytest.mark.parametrize("stream", [pipe_stream, tcp_stream], ids=["pipe", "tcp"])
@given(chunks=gen.chunks(max_chunks=6, big=False), sizes=st.lists(st.integers(1, 4096), min_size=1, max_size=5))
def test_pipes_and_sockets_are_ordered_consumed_streams(stream, chunks, sizes):
    written = b"".join(chunks)
    check_stream_reads(written, stream(chunks, sizes), sizes)
    check_file_rereadable(written)


def check_directions(r, w, data):
    """The read end refuses writes, the write end refuses reads; each end does its own job."""
    wrote = expect_raises(OSError, lambda: os.write(r, data), "os.write() on the read end")
    read = expect_raises(OSError, lambda: os.read(w, 1), "os.read() on the write end")
    assert wrote.errno == read.errno == errno.EBADF, "the wrong end should fail with EBADF"
    os.write(w, data)
    assert os.read(r, len(data) + 1) == data, "the pipe did not carry the bytes from its write end to its read end"


@claim("io.stream.input-output-directions")
@given(data=st.binary(min_size=1, max_size=4096))
def test_pipe_ends_have_one_direction(data):
    with pipe() as (r, w):
        check_directions(r, w, data)


@contextlib.contextmanager
def endpoints(kind):
    """(write fd, read fd) of one kind of file, everything through plain file descriptors."""
    if kind == "pipe":
        with pipe() as (r, w):
            yield w, r
    elif kind == "file":
        with tempfile.TemporaryFile() as f:
            reader = os.dup(f.fileno())
            try:
                yield f.fileno(), reader
            finally:
                os.close(reader)
    elif kind == "fifo":
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "fifo")
            os.mkfifo(path)
            r = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            w = os.open(path, os.O_WRONLY)
            os.set_blocking(r, True)
            try:
                yield w, r
            finally:
                os.close(r)
                os.close(w)
    elif kind == "terminal":
        import tty

        master, slave = os.openpty()
        try:
            tty.setraw(slave)  # raw: the line discipline passes bytes through unchanged
            yield master, slave
        finally:
            os.close(master)
            os.close(slave)
    elif kind == "socket":
        with tcp_pairs(1) as [(c, s)]:
            yield c.fileno(), s.fileno()


def move_bytes(kind, data):
    with endpoints(kind) as (w, r):
        view = memoryview(data)
        while view:
            view = view[os.write(w, view):]
        if kind == "file":
            os.lseek(r, 0, os.SEEK_SET)
        got = bytearray()
        while len(got) < len(data):
            chunk = os.read(r, len(data) - len(got))
            if not chunk:
                break
            got += chunk
        return bytes(got)


def check_same_calls(kind, data, got):
    assert got == data, f"{kind}: os.write() then os.read() on its descriptors moved {len(got)} of {len(data)} bytes"


@claim("io.stream.device-independent")
@given(kind=st.sampled_from(["file", "pipe", "fifo", "terminal", "socket"]), data=st.binary(min_size=1, max_size=1024))
def test_same_read_write_for_every_kind_of_file(kind, data):
    if kind in ("fifo", "terminal") and not hasattr(os, "mkfifo" if kind == "fifo" else "openpty"):
        pytest.skip(f"no {kind} on this platform")
    check_same_calls(kind, data, move_bytes(kind, data))


# ---- IO解释与IO交互 -------------------------------------------------------------------------------------

def check_socket_fd(fd, peer, sock, data):
    assert isinstance(fd, int) and fd >= 0, f"fileno() is {fd!r}, expected a non-negative integer"
    os.write(fd, data)
    got = bytearray()
    while len(got) < len(data):
        got += peer.recv(65536)
    assert bytes(got) == data, "os.write() on the socket's descriptor did not send to the peer"
    peer.sendall(data)
    got = bytearray()
    while len(got) < len(data):
        got += os.read(fd, 65536)
    assert bytes(got) == data, "os.read() on the socket's descriptor did not receive from the peer"


@claim("io.fd.socket-is-a-descriptor")
@given(data=st.binary(min_size=1, max_size=8192))
def test_socket_is_a_file_descriptor(data):
    with tcp_pairs(1) as [(client, server)]:
        check_socket_fd(client.fileno(), server, client, data)


def datagram_reads(first, second, k):
    """os.read(fd, k) on a UDP socket after two datagrams arrived, then os.read(fd, 65536)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        rx.bind(("127.0.0.1", 0))
        rx.settimeout(TIMEOUT)
        tx.sendto(first, rx.getsockname())
        tx.sendto(second, rx.getsockname())
        return os.read(rx.fileno(), k), os.read(rx.fileno(), 65536)


def check_datagram_reads(first, second, k, short, next_read):
    assert short == first[:k], f"a {k}-byte read of a {len(first)}-byte datagram returned {short[:20]!r}..."
    assert next_read == second, (
        f"the read after a short one returned {next_read[:20]!r}; a datagram socket hands out the next datagram, "
        "the rest of the first is gone"
    )


@claim("io.fd.not-everything-is-a-stream")
@given(first=st.binary(min_size=2, max_size=4096), second=st.binary(min_size=1, max_size=4096), data=st.data())
def test_udp_descriptor_reads_whole_datagrams(first, second, data):
    k = data.draw(st.integers(1, len(first) - 1), label="k")
    check_datagram_reads(first, second, k, *datagram_reads(first, second, k))


# ---- 阻塞IO ---------------------------------------------------------------------------------------------

@claim("io.blocking.read-waits-for-data")
@given(data=st.binary(min_size=1, max_size=4096))
def test_blocking_read_waits_for_data(data):
    with pipe() as (r, w):
        got = assert_blocks_until(lambda: os.read(r, 65536), lambda: os.write(w, data), what="os.read() on an empty pipe", settle=0.05)
    assert got and data.startswith(got), f"the read released by the write returned {got[:20]!r}"


def blocking_recv_outcome(data, n):
    """recv(n) on a blocking socket after len(data) < n bytes were sent: what it returned, or None if it
    was still waiting (then released by the rest of the n bytes)."""
    with tcp_pairs(1) as [(client, server)]:
        client.sendall(data)
        call = PendingCall(lambda: server.recv(n), "recv(n) with fewer than n bytes sent")
        if call.done.wait(TIMEOUT):
            return call.value
        client.sendall(bytes(n - len(data)))  # release it
        call.done.wait(TIMEOUT)
        return None


def check_returns_what_arrived(waits_for_n, data, n, got):
    if waits_for_n:
        assert got is None, f"recv({n}) returned {len(got)} bytes without waiting for {n}"
    else:
        assert got == data, (
            f"recv({n}) with {len(data)} bytes arrived should return those {len(data)} bytes at once; it "
            + ("kept waiting" if got is None else f"returned {len(got)}")
        )


@claim("io.blocking.returns-what-arrived")
@given(data=st.binary(min_size=1, max_size=2048), extra=st.integers(1, 4096))
def test_blocking_recv_returns_what_has_arrived(data, extra):
    n = len(data) + extra
    check_returns_what_arrived(False, data, n, blocking_recv_outcome(data, n))


def other_thread_progress(work):
    """While one thread is blocked in recv(), does another thread of the process get `work` done?"""
    with tcp_pairs(1) as [(client, server)]:
        blocked = assert_stays_blocked(lambda: server.recv(1), what="recv() with nothing sent", settle=0.05)
        done = threading.Event()

        def worker():
            total = 0
            for i in range(work):
                total += i
            done.set()

        other = threading.Thread(target=worker, daemon=True)
        other.start()
        progressed = done.wait(TIMEOUT)
        still_blocked = not blocked.done.is_set()
        client.sendall(b"!")
        blocked.assert_returns("recv() after the peer sent")
        other.join(TIMEOUT)
        blocked.thread.join(TIMEOUT)
        return progressed, still_blocked


def check_thread_only(whole_process_blocks, progressed, still_blocked):
    assert still_blocked, "recv() returned although nothing was sent"
    if whole_process_blocks:
        assert not progressed, "another thread finished its work while recv() was blocked: the process was not blocked"
    else:
        assert progressed, "no other thread could run while one thread was blocked in recv()"


@claim("io.blocking.only-the-calling-thread")
@given(work=st.integers(1000, 200000))
def test_blocking_call_blocks_only_its_thread(work):
    check_thread_only(False, *other_thread_progress(work))


# ---- 非阻塞IO模型与非阻塞套接字 -------------------------------------------------------------------------

def nonblocking_then_ready(op, data):
    """Do `op` non-blocking with nothing ready (expect BlockingIOError at once), then make it ready
    and retry in the tutorial's style (catch the exception, ask again). Returns (first outcome, result)."""
    with contextlib.ExitStack() as stack:
        if op == "accept":
            lst = stack.enter_context(socket.socket())
            lst.bind(("127.0.0.1", 0))
            lst.listen(1)
            lst.setblocking(False)
            call = lambda: lst.accept()[0].close() or b"connected"  # noqa: E731
            ready = lambda: stack.enter_context(socket.create_connection(lst.getsockname(), timeout=TIMEOUT))  # noqa: E731
            expected = b"connected"
        elif op == "recv":
            [(client, server)] = stack.enter_context(tcp_pairs(1))
            server.setblocking(False)
            call = lambda: server.recv(65536)  # noqa: E731
            ready = lambda: client.sendall(data)  # noqa: E731
            expected = data
        else:
            r, w = stack.enter_context(pipe())
            os.set_blocking(r, False)
            call = lambda: os.read(r, 65536)  # noqa: E731
            ready = lambda: os.write(w, data)  # noqa: E731
            expected = data
        try:
            first = assert_returns_promptly(call, what=f"non-blocking {op} with nothing ready", timeout=TIMEOUT)
        except OSError as exc:
            first = exc
        ready()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                result = call()
                break
            except BlockingIOError:
                time.sleep(0.001)  # not ready yet: ask again
        else:
            result = None
        return first, result, expected


def check_nonblocking(first, result, expected):
    assert isinstance(first, BlockingIOError), f"with nothing ready a non-blocking call should raise BlockingIOError; it gave {first!r}"
    assert first.errno in (errno.EAGAIN, errno.EWOULDBLOCK), f"errno {first.errno}, expected EAGAIN"
    assert result is not None and expected.startswith(result) and result, f"once ready, retrying returned {result!r}"


@claim("io.nonblocking.raises-at-once")
@given(op=st.sampled_from(["recv", "accept", "os.read"]), data=st.binary(min_size=1, max_size=4096))
def test_nonblocking_call_raises_at_once(op, data):
    check_nonblocking(*nonblocking_then_ready(op, data))


# ---- IO多路复用 -----------------------------------------------------------------------------------------

IDLE_SOCKETS = 8
IDLE_WINDOW = 0.3  # seconds the sockets stay idle before one byte arrives (a client's deliberate pause)


def _measured_wait(wait_for_data, pairs):
    """Run wait_for_data(server sockets) in a thread while the sockets stay idle for IDLE_WINDOW, then
    send one byte; returns (the waiting thread's CPU seconds, whether it saw the byte)."""
    result = {}

    def run():
        start = time.thread_time()
        result["saw"] = wait_for_data([s for _, s in pairs])
        result["cpu"] = time.thread_time() - start

    t = threading.Thread(target=run, daemon=True)
    t.start()
    time.sleep(IDLE_WINDOW)
    pairs[-1][0].sendall(b"!")
    t.join(TIMEOUT)
    assert "cpu" in result, "the waiting loop did not notice the byte within 10 s"
    pairs[-1][1].setblocking(True)
    pairs[-1][1].settimeout(TIMEOUT)
    with contextlib.suppress(BlockingIOError):
        pairs[-1][1].recv(1)
    return result["cpu"], result["saw"]


def polling_loop(socks):
    """The tutorial's non-blocking model: try recv() on every socket, catch the error, try again."""
    for s in socks:
        s.setblocking(False)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for s in socks:
            try:
                if s.recv(1, socket.MSG_PEEK):
                    return True
            except BlockingIOError:
                pass
    return False


def selector_loop(socks):
    """The multiplexer: wait until the selector reports a readable socket."""
    with selectors.DefaultSelector() as sel:
        for s in socks:
            sel.register(s, selectors.EVENT_READ)
        return bool(sel.select(TIMEOUT))


def idle_cpu():
    with tcp_pairs(IDLE_SOCKETS) as pairs:
        poll_cpu, poll_saw = _measured_wait(polling_loop, pairs)
    with tcp_pairs(IDLE_SOCKETS) as pairs:
        select_cpu, select_saw = _measured_wait(selector_loop, pairs)
    assert poll_saw and select_saw, "a waiting loop returned without seeing the byte"
    return poll_cpu, select_cpu


# A polling loop never sleeps: it burns whatever CPU it gets during the idle window (the whole
# 0.3 s on a quiet core, at worst a fraction on a loaded one), while a selector sleeps in the
# kernel and spends well under a millisecond; dev-machine runs measured ratios in the hundreds
# to thousands (see the report). Requiring 20 leaves a factor of more than ten for noise.
POLLING_WASTE = 20


def check_idle_cost(polling_wastes, poll_cpu, select_cpu):
    if polling_wastes:
        assert_ratio(poll_cpu, select_cpu, low=POLLING_WASTE, what="CPU seconds while idle: polling loop / selector")
    else:
        assert_ratio(poll_cpu, select_cpu, high=2, what="CPU seconds while idle: polling loop / selector")


@claim("io.multiplex.polling-burns-cpu")
def test_polling_burns_cpu_a_selector_does_not():
    check_idle_cost(True, *idle_cpu())


def ready_report(flags):
    """Register one socket per flag; send a byte to those flagged; return (expected, reported) indices."""
    with tcp_pairs(len(flags)) as pairs, selectors.DefaultSelector() as sel:
        for i, (_, s) in enumerate(pairs):
            sel.register(s, selectors.EVENT_READ, i)
        expected = {i for i, f in enumerate(flags) if f}
        for i in expected:
            pairs[i][0].sendall(b"!")
        reported = set()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and reported < expected:
            reported |= {key.data for key, _ in sel.select(0.05)}
        reported |= {key.data for key, _ in sel.select(0)}
        return expected, reported


def check_ready(expected, reported):
    assert reported == expected, f"the selector reported sockets {sorted(reported)}; the ones with data are {sorted(expected)}"


@claim("io.multiplex.reports-ready-sockets")
@given(flags=st.lists(st.booleans(), min_size=1, max_size=10))
def test_selector_reports_exactly_the_ready_sockets(flags):
    check_ready(*ready_report(flags))


# ---- epoll ----------------------------------------------------------------------------------------------

def check_epoll_platform(on_linux, has_epoll, default_selector):
    if on_linux:
        assert has_epoll, "select.epoll is missing on Linux"
        assert default_selector == "EpollSelector", f"the default selector on Linux is {default_selector}, not EpollSelector"
    else:
        assert not has_epoll, "select.epoll exists off Linux"


@claim("io.epoll.linux-default")
def test_epoll_is_linux_default_selector():
    if not LINUX:
        pytest.skip("Linux only: elsewhere epoll's absence is not a claim we can check (illumos has it too)")
    import select

    check_epoll_platform(True, hasattr(select, "epoll"), selectors.DefaultSelector.__name__)


def epoll_reports(data, edge):
    """Polls of an epoll watching one socket: after data, again without reading, after more data."""
    import select

    with tcp_pairs(1) as [(client, server)], select.epoll() as ep:
        ep.register(server.fileno(), select.EPOLLIN | (select.EPOLLET if edge else 0))
        before = ep.poll(0)
        client.sendall(data)
        first = ep.poll(TIMEOUT)
        again = ep.poll(0)  # nothing read, nothing new
        client.sendall(data)
        more = ep.poll(TIMEOUT)
        return [[fd == server.fileno() and bool(ev & select.EPOLLIN) for fd, ev in p] for p in (before, first, again, more)]


def check_epoll_reports(edge, polls):
    before, first, again, more = polls
    assert before == [], "epoll reported the socket before any data came"
    assert first == [True], f"after data arrived poll() returned {first}, expected the socket readable"
    if edge:
        assert again == [], "edge-triggered: with no new data the socket should not be reported again"
    else:
        assert again == [True], "level-triggered: unread data should be reported again by the next poll()"
    assert more == [True], "new data should be reported"


@claim("io.epoll.notifies-only")
@given(data=st.binary(min_size=1, max_size=4096), edge=st.booleans())
def test_epoll_reports_and_runs_nothing(data, edge):
    if not LINUX:
        pytest.skip("Linux only: epoll")
    check_epoll_reports(edge, epoll_reports(data, edge))
