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
from .harness.messages import say
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
    assert b"".join(reads) == written, say(
        f"wrote {len(written)} bytes, the reads returned {len(b''.join(reads))} (in order: {b''.join(reads) == written})",
        f"写入了 {len(written)} 字节，几次读取共返回 {len(b''.join(reads))} 字节（顺序一致：{b''.join(reads) == written}）")
    assert reads[-1] == b"", say("the end of the stream should show as an empty read", "流的结束应当表现为一次读到空数据")
    for i, data in enumerate(reads[:-1]):
        assert 1 <= len(data) <= sizes[i % len(sizes)], say(f"read {i} returned {len(data)} bytes",
                                                            f"第 {i} 次读取返回了 {len(data)} 字节")


def check_file_rereadable(data):
    """A regular file is not consumed: after seeking back, the same bytes read again."""
    with tempfile.TemporaryFile() as f:
        f.write(data)
        f.seek(0)
        first = f.read()
        f.seek(0)
        assert f.read() == first == data, say("a regular file's bytes could not be read again after seeking back",
                                              "普通文件 seek 回开头后，无法再次读出同样的字节")


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
    wrote = expect_raises(OSError, lambda: os.write(r, data), say("os.write() on the read end", "在读端上调用 os.write()"))
    read = expect_raises(OSError, lambda: os.read(w, 1), say("os.read() on the write end", "在写端上调用 os.read()"))
    assert wrote.errno == read.errno == errno.EBADF, say("the wrong end should fail with EBADF", "用错了端应当以 EBADF 失败")
    os.write(w, data)
    assert os.read(r, len(data) + 1) == data, say("the pipe did not carry the bytes from its write end to its read end",
                                                  "管道没有把字节从写端送到读端")


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
    assert got == data, say(f"{kind}: os.write() then os.read() on its descriptors moved {len(got)} of {len(data)} bytes",
                            f"{kind}：在它的描述符上先 os.write() 再 os.read()，只传送了 {len(got)} / {len(data)} 字节")


@claim("io.stream.device-independent")
@given(kind=st.sampled_from(["file", "pipe", "fifo", "terminal", "socket"]), data=st.binary(min_size=1, max_size=1024))
def test_same_read_write_for_every_kind_of_file(kind, data):
    if kind in ("fifo", "terminal") and not hasattr(os, "mkfifo" if kind == "fifo" else "openpty"):
        pytest.skip(say(f"no {kind} on this platform", f"本平台没有 {kind}"))
    check_same_calls(kind, data, move_bytes(kind, data))


# ---- IO解释与IO交互 -------------------------------------------------------------------------------------

def check_socket_fd(fd, peer, sock, data):
    assert isinstance(fd, int) and fd >= 0, say(f"fileno() is {fd!r}, expected a non-negative integer",
                                                f"fileno() 是 {fd!r}，应当是一个非负整数")
    os.write(fd, data)
    got = bytearray()
    while len(got) < len(data):
        got += peer.recv(65536)
    assert bytes(got) == data, say("os.write() on the socket's descriptor did not send to the peer",
                                   "在套接字的描述符上 os.write()，数据没有发给对端")
    peer.sendall(data)
    got = bytearray()
    while len(got) < len(data):
        got += os.read(fd, 65536)
    assert bytes(got) == data, say("os.read() on the socket's descriptor did not receive from the peer",
                                   "在套接字的描述符上 os.read()，没有收到对端发来的数据")


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
    assert short == first[:k], say(f"a {k}-byte read of a {len(first)}-byte datagram returned {short[:20]!r}...",
                                   f"对一个 {len(first)} 字节的数据报读 {k} 字节，返回了 {short[:20]!r}...")
    assert next_read == second, say(
        f"the read after a short one returned {next_read[:20]!r}; a datagram socket hands out the next datagram, "
        "the rest of the first is gone",
        f"短读之后的下一次读取返回了 {next_read[:20]!r}；数据报套接字应交出下一个数据报，"
        "第一个数据报剩下的部分已经丢弃了",
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
        got = assert_blocks_until(lambda: os.read(r, 65536), lambda: os.write(w, data), what=say("os.read() on an empty pipe", "在空管道上的 os.read()"), settle=0.05)
    assert got and data.startswith(got), say(f"the read released by the write returned {got[:20]!r}",
                                             f"被写入唤醒的那次读取返回了 {got[:20]!r}")


def blocking_recv_outcome(data, n):
    """recv(n) on a blocking socket after len(data) < n bytes were sent: what it returned, or None if it
    was still waiting (then released by the rest of the n bytes)."""
    with tcp_pairs(1) as [(client, server)]:
        client.sendall(data)
        call = PendingCall(lambda: server.recv(n), say("recv(n) with fewer than n bytes sent", "只发送了不到 n 字节时的 recv(n)"))
        if call.done.wait(TIMEOUT):
            return call.value
        client.sendall(bytes(n - len(data)))  # release it
        call.done.wait(TIMEOUT)
        return None


def check_returns_what_arrived(waits_for_n, data, n, got):
    if waits_for_n:
        assert got is None, say(f"recv({n}) returned {len(got)} bytes without waiting for {n}",
                                f"recv({n}) 没有等到 {n} 字节就返回了 {len(got)} 字节")
    else:
        assert got == data, say(
            f"recv({n}) with {len(data)} bytes arrived should return those {len(data)} bytes at once; it "
            + ("kept waiting" if got is None else f"returned {len(got)}"),
            f"已到达 {len(data)} 字节时，recv({n}) 应当立即返回这 {len(data)} 字节；它却"
            + ("一直在等" if got is None else f"返回了 {len(got)} 字节"),
        )


@claim("io.blocking.returns-what-arrived")
@given(data=st.binary(min_size=1, max_size=2048), extra=st.integers(1, 4096))
def test_blocking_recv_returns_what_has_arrived(data, extra):
    n = len(data) + extra
    check_returns_what_arrived(False, data, n, blocking_recv_outcome(data, n))


def other_thread_progress(work):
    """While one thread is blocked in recv(), does another thread of the process get `work` done?"""
    with tcp_pairs(1) as [(client, server)]:
        blocked = assert_stays_blocked(lambda: server.recv(1), what=say("recv() with nothing sent", "对端什么也没发时的 recv()"),
                                       settle=0.05)
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
        blocked.assert_returns(say("recv() after the peer sent", "对端发送之后的 recv()"))
        other.join(TIMEOUT)
        blocked.thread.join(TIMEOUT)
        return progressed, still_blocked


def check_thread_only(whole_process_blocks, progressed, still_blocked):
    assert still_blocked, say("recv() returned although nothing was sent", "对端什么也没发，recv() 却返回了")
    if whole_process_blocks:
        assert not progressed, say("another thread finished its work while recv() was blocked: the process was not blocked",
                                   "recv() 阻塞期间另一个线程完成了它的工作：整个进程并没有被阻塞")
    else:
        assert progressed, say("no other thread could run while one thread was blocked in recv()",
                               "一个线程阻塞在 recv() 时，其他线程都无法运行")


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
            first = assert_returns_promptly(call, what=say(f"non-blocking {op} with nothing ready", f"没有就绪数据时的非阻塞 {op}"),
                                            timeout=TIMEOUT)
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
    assert isinstance(first, BlockingIOError), say(
        f"with nothing ready a non-blocking call should raise BlockingIOError; it gave {first!r}",
        f"没有就绪数据时，非阻塞调用应当抛出 BlockingIOError；它给出的是 {first!r}")
    assert first.errno in (errno.EAGAIN, errno.EWOULDBLOCK), say(f"errno {first.errno}, expected EAGAIN",
                                                                 f"errno 是 {first.errno}，应当是 EAGAIN")
    assert result is not None and expected.startswith(result) and result, say(f"once ready, retrying returned {result!r}",
                                                                              f"就绪之后重试，返回了 {result!r}")


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
    assert "cpu" in result, say("the waiting loop did not notice the byte within 10 s", "等待循环在 10 秒内没有察觉到那个字节")
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
    assert poll_saw and select_saw, say("a waiting loop returned without seeing the byte", "有个等待循环没看到那个字节就返回了")
    return poll_cpu, select_cpu


# A polling loop never sleeps: it burns whatever CPU it gets during the idle window (the whole
# 0.3 s on a quiet core, at worst a fraction on a loaded one), while a selector sleeps in the
# kernel and spends well under a millisecond; dev-machine runs measured ratios in the hundreds
# to thousands (see the report). Requiring 20 leaves a factor of more than ten for noise.
POLLING_WASTE = 20


def check_idle_cost(polling_wastes, poll_cpu, select_cpu):
    if polling_wastes:
        assert_ratio(poll_cpu, select_cpu, low=POLLING_WASTE, what=say("CPU seconds while idle: polling loop / selector", "空闲时的 CPU 秒数：轮询循环 / 选择器"))
    else:
        assert_ratio(poll_cpu, select_cpu, high=2, what=say("CPU seconds while idle: polling loop / selector", "空闲时的 CPU 秒数：轮询循环 / 选择器"))


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
    assert reported == expected, say(f"the selector reported sockets {sorted(reported)}; the ones with data are {sorted(expected)}",
                                     f"选择器报告的套接字是 {sorted(reported)}；有数据的是 {sorted(expected)}")


@claim("io.multiplex.reports-ready-sockets")
@given(flags=st.lists(st.booleans(), min_size=1, max_size=10))
def test_selector_reports_exactly_the_ready_sockets(flags):
    check_ready(*ready_report(flags))


# ---- epoll ----------------------------------------------------------------------------------------------

def check_epoll_platform(on_linux, has_epoll, default_selector):
    if on_linux:
        assert has_epoll, say("select.epoll is missing on Linux", "Linux 上没有 select.epoll")
        assert default_selector == "EpollSelector", say(f"the default selector on Linux is {default_selector}, not EpollSelector",
                                                        f"Linux 上的默认选择器是 {default_selector}，而不是 EpollSelector")
    else:
        assert not has_epoll, say("select.epoll exists off Linux", "在 Linux 以外的系统上也有 select.epoll")


@claim("io.epoll.linux-default")
def test_epoll_is_linux_default_selector():
    if not LINUX:
        pytest.skip(say("Linux only: elsewhere epoll's absence is not a claim we can check (illumos has it too)",
                        "仅限 Linux：在别的系统上无法检验“没有 epoll”这一说法（illumos 也有 epoll）"))
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
    assert before == [], say("epoll reported the socket before any data came", "数据还没到，epoll 就报告了这个套接字")
    assert first == [True], say(f"after data arrived poll() returned {first}, expected the socket readable",
                                f"数据到达后 poll() 返回了 {first}，应当报告这个套接字可读")
    if edge:
        assert again == [], say("edge-triggered: with no new data the socket should not be reported again",
                                "边缘触发：没有新数据时不应再次报告这个套接字")
    else:
        assert again == [True], say("level-triggered: unread data should be reported again by the next poll()",
                                    "水平触发：还没读走的数据应在下一次 poll() 时再次报告")
    assert more == [True], say("new data should be reported", "新数据到达应当被报告")


@claim("io.epoll.notifies-only")
@given(data=st.binary(min_size=1, max_size=4096), edge=st.booleans())
def test_epoll_reports_and_runs_nothing(data, edge):
    if not LINUX:
        pytest.skip(say("Linux only: epoll", "仅限 Linux：epoll"))
    check_epoll_reports(edge, epoll_reports(data, edge))
