"""创建套接字 — creating sockets, exchanging data (数据交互) and blocking calls (阻塞).

Checks are plain functions taking the asserted facts; tests/test_wrong_network.py feeds them the
wrong statements and expects them to fail.
"""
import contextlib
import select
import socket
import sys
import threading

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from . import strategies as gen
from .harness import claim
from .harness.checks import expect_raises
from .harness.blocking import assert_blocks_until
from .harness.messages import say

TIMEOUT = 10.0
LINUX = sys.platform.startswith("linux")


@contextlib.contextmanager
def listener(backlog=8):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", 0))
        s.listen(backlog)
        s.settimeout(TIMEOUT)
        yield s
    finally:
        s.close()


@contextlib.contextmanager
def tcp_pair():
    with listener() as lst:
        client = socket.create_connection(lst.getsockname(), timeout=TIMEOUT)
        with client:
            server, _ = lst.accept()
            with server:
                server.settimeout(TIMEOUT)
                yield client, server


def recv_exactly(sock, n):
    got = bytearray()
    while len(got) < n:
        data = sock.recv(min(65536, n - len(got)))
        if not data:
            break
        got += data
    return bytes(got)


# ---- 创建套接字 -----------------------------------------------------------------------------------------

def check_default_socket(family, kind):
    with socket.socket() as s:
        assert (s.family, s.type) == (family, kind), say(
            f"socket.socket() made {s.family.name}/{s.type.name}, claimed {family.name}/{kind.name}",
            f"socket.socket() 创建的是 {s.family.name}/{s.type.name}，而断言的是 {family.name}/{kind.name}")


@claim("sock.default-tcp-ipv4")
def test_default_socket_is_tcp_over_ipv4():
    check_default_socket(socket.AF_INET, socket.SOCK_STREAM)


def check_accept(lst, clients):
    """Each accept() gives a new socket connected to exactly one client; the listener keeps listening."""
    for i, client in enumerate(clients):
        conn, addr = lst.accept()
        with conn:
            assert conn.fileno() != lst.fileno(), say("accept() returned the listening socket itself",
                                                      "accept() 返回的就是监听套接字本身")
            assert addr == client.getsockname() == conn.getpeername(), say(
                f"client {i}: accept() returned address {addr}; the client is {client.getsockname()}",
                f"客户端 {i}：accept() 返回的地址是 {addr}，而这个客户端是 {client.getsockname()}"
            )
            assert conn.getsockname() == lst.getsockname(), say("the connected socket should have the listener's local address",
                                                                "已连接套接字的本地地址应与监听套接字的相同")
            tag = bytes([i])
            client.sendall(tag)
            conn.settimeout(TIMEOUT)
            assert conn.recv(1) == tag, say(f"client {i}'s byte did not arrive on the socket accept() returned for it",
                                            f"客户端 {i} 发的字节没有到达 accept() 为它返回的套接字")
        assert lst.fileno() != -1, say("the listening socket was closed by accepting", "监听套接字因为 accept 而被关闭了")


@claim("sock.server-accept-gives-peer-socket")
@given(n=st.integers(1, 6))
def test_accept_returns_one_socket_per_client(n):
    with listener() as lst, contextlib.ExitStack() as stack:
        clients = [stack.enter_context(socket.create_connection(lst.getsockname(), timeout=TIMEOUT)) for _ in range(n)]
        check_accept(lst, clients)


def check_client_port(before, after):
    assert before[1] == 0, say(f"before connect() an unbound client has port {before[1]}",
                               f"connect() 之前，未绑定的客户端端口是 {before[1]}")
    assert 1 <= after[1] <= 65535, say(f"after connect() the client's port is {after[1]}, expected one chosen by the system",
                                       f"connect() 之后客户端的端口是 {after[1]}，应当是系统选定的端口")


@claim("sock.client-connect-needs-no-bind")
@given(n=st.integers(1, 4))
def test_client_gets_an_ephemeral_port(n):
    with listener() as lst, contextlib.ExitStack() as stack:
        for _ in range(n):
            c = stack.enter_context(socket.socket())
            c.settimeout(TIMEOUT)
            before = c.getsockname()
            c.connect(lst.getsockname())  # no bind()
            check_client_port(before, c.getsockname())


# ---- 数据交互 -------------------------------------------------------------------------------------------

def check_send_accepts(data, accepted):
    """accepted: whether send() must take this object. Accepted data must arrive intact."""
    with tcp_pair() as (client, server):
        try:
            client.sendall(data)
        except TypeError as exc:
            assert not accepted, say(f"send() refused a {type(data).__name__}: {exc}",
                                     f"send() 拒绝了一个 {type(data).__name__}：{exc}")
            return
        assert accepted, say(f"send() took a {type(data).__name__}; only bytes-like data should be sent",
                             f"send() 接受了一个 {type(data).__name__}；只有类字节（bytes-like）数据才能发送")
        got = recv_exactly(server, len(bytes(data)))
        same = got == bytes(data)  # a bool: pytest's own diff of megabytes takes minutes
        assert same, say(f"sent a {type(data).__name__} of {len(bytes(data))} bytes, received {len(got)}",
                         f"发送了一个 {len(bytes(data))} 字节的 {type(data).__name__}，收到了 {len(got)} 字节")


BYTES_LIKE = [bytes, bytearray, lambda b: memoryview(bytes(b))]


@claim("sock.send-takes-bytes")
@given(
    value=st.one_of(
        st.text(min_size=1).map(lambda t: (t, False)),
        st.tuples(st.binary(min_size=1, max_size=4096), st.sampled_from(BYTES_LIKE)).map(lambda p: (p[1](p[0]), True)),
        st.integers().map(lambda i: (i, False)),
    )
)
@example(value=("hello", False))
@example(value=(b"hello", True))
def test_send_takes_bytes_like_only(value):
    data, accepted = value
    check_send_accepts(data, accepted)


def check_recv_bound(n, reads, sent):
    for got in reads:
        assert len(got) <= n, say(f"recv({n}) returned {len(got)} bytes", f"recv({n}) 返回了 {len(got)} 字节")
    same = b"".join(reads) == sent  # a bool: pytest's own diff of megabytes takes minutes
    assert same, say("what successive recv() calls returned is not the stream that was sent",
                     "连续几次 recv() 返回的内容拼起来，与发送的数据流不一致")


@claim("sock.recv-needs-max-size")
@given(data=st.binary(min_size=1, max_size=20000), n=st.integers(1, 4096))
def test_recv_returns_at_most_n(data, n):
    with tcp_pair() as (client, server):
        expect_raises(TypeError, server.recv, say("recv() without a size", "不带大小参数的 recv()"))  # the size is required
        client.sendall(data)
        client.shutdown(socket.SHUT_WR)
        reads = []
        while True:
            got = server.recv(n)
            if not got:
                break
            reads.append(got)
    check_recv_bound(n, reads, data)


def partial_send(size):
    """send() once on a non-blocking socket whose peer reads nothing (more than the buffers hold); then sendall
    the rest (blocking) while the peer reads. Returns (what send() returned, what the peer received)."""
    data = bytes(range(256)) * (size // 256)
    with tcp_pair() as (client, server):
        client.setblocking(False)
        first = client.send(data)
        client.settimeout(TIMEOUT)
        received = []
        reader = threading.Thread(target=lambda: received.append(recv_exactly(server, len(data))), daemon=True)
        reader.start()
        client.sendall(data[first:])
        reader.join(TIMEOUT)
    return data, first, received[0] if received else b""


def check_partial_send(may_be_partial, data, first, received):
    if may_be_partial:
        assert 0 < first < len(data), say(f"send() of {len(data)} bytes into full buffers returned {first}, expected a part",
                                          f"缓冲区已满时 send() {len(data)} 字节返回了 {first}，应当只发出一部分")
    else:
        assert first == len(data), say(f"send() of {len(data)} bytes took only {first}",
                                       f"send() {len(data)} 字节只发出了 {first} 字节")
    same = received == data  # a bool: pytest's own diff of megabytes takes minutes
    assert same, say(f"send() then sendall() of the rest delivered {len(received)} of {len(data)} bytes",
                     f"先 send()、再用 sendall() 发送剩余部分，只送达了 {len(received)} / {len(data)} 字节")


@claim("sock.send-may-be-partial")
@given(size=st.integers(12 * 1024 * 1024, 20 * 1024 * 1024))  # well over what Linux buffers hold (4 MiB + 6 MiB at most)
def test_send_returns_how_much_it_took(size):
    check_partial_send(True, *partial_send(size))


def check_closed(sock, peer):
    assert sock.fileno() == -1, say(f"after close() fileno() is {sock.fileno()}, expected -1",
                                    f"close() 之后 fileno() 是 {sock.fileno()}，应当是 -1")
    expect_raises(OSError, lambda: sock.send(b"x"), say("send() on a closed socket", "在已关闭的套接字上调用 send()"))
    assert peer.recv(1) == b"", say("the peer did not read end-of-stream after close()", "close() 之后，对端没有读到流结束")


@claim("sock.close-releases")
@given(data=st.binary(max_size=1024))
def test_close_releases_the_socket(data):
    with tcp_pair() as (client, server):
        client.sendall(data)
        client.close()
        got = recv_exactly(server, len(data))
        assert len(got) == len(data) and got == data, say(
            f"before close() {len(data)} bytes were sent; {len(got)} arrived (or other bytes)",
            f"close() 之前发送了 {len(data)} 字节；到达的是 {len(got)} 字节（或者是别的字节）")
        check_closed(client, server)


# ---- 阻塞 -----------------------------------------------------------------------------------------------

def check_timeout_mode(call):
    """With a timeout instead of blocking mode, the same call raises socket.timeout."""
    expect_raises(socket.timeout, call, say("the call on a socket with a short timeout", "在设了很短超时的套接字上的调用"))


@claim("sock.blocking.accept-waits")
@given(n=st.integers(1, 3))
def test_accept_blocks_until_a_client_connects(n):
    with listener() as lst, contextlib.ExitStack() as stack:
        for _ in range(n):
            conn, _ = assert_blocks_until(
                lst.accept,
                lambda: stack.enter_context(socket.create_connection(lst.getsockname(), timeout=TIMEOUT)),
                what=say("accept() with no client connecting", "没有客户端连接时的 accept()"),
                settle=0.05,
            )
            conn.close()
        lst.settimeout(0.01)
        check_timeout_mode(lst.accept)


@claim("sock.blocking.recv-waits")
@given(data=st.binary(min_size=1, max_size=4096))
def test_recv_blocks_until_data_arrives(data):
    with tcp_pair() as (client, server):
        got = assert_blocks_until(lambda: server.recv(65536), lambda: client.sendall(data), what=say("recv() before the peer sends", "对端发送之前的 recv()"), settle=0.05)
        assert got and data.startswith(got), say(f"recv() returned {got[:20]!r}, not the start of what was sent",
                                                 f"recv() 返回了 {got[:20]!r}，不是所发送数据的开头")
        recv_exactly(server, len(data) - len(got))
        server.settimeout(0.01)
        check_timeout_mode(lambda: server.recv(1))


def both_ways_at_once(a_data, b_data, pair=tcp_pair):
    """Each end sends its payload while the other does the same; each reads in its own thread.
    Payloads larger than the buffers only get through if both directions flow at the same time."""
    with pair() as (a, b):
        got = {}

        def read(name, sock, n):
            got[name] = recv_exactly(sock, n)

        threads = [
            threading.Thread(target=read, args=("a", a, len(b_data)), daemon=True),
            threading.Thread(target=read, args=("b", b, len(a_data)), daemon=True),
            threading.Thread(target=a.sendall, args=(a_data,), daemon=True),
            threading.Thread(target=b.sendall, args=(b_data,), daemon=True),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        return got.get("a", b""), got.get("b", b"")


FILLER = bytes(65536)


def fill(sock, settle=0.2, limit=256 * 1024 * 1024):
    """Send from sock until the connection takes no more (the peer reads nothing): bytes sent. Full
    means not writable for `settle` s; on loopback TCP, once full it stays full, so the settle
    only matters to links that move data in steps."""
    sock.setblocking(False)
    sent = 0
    try:
        while sent < limit:
            try:
                sent += sock.send(FILLER)
            except BlockingIOError:
                if not select.select([], [sock], [], settle)[1]:
                    return sent
    finally:
        sock.settimeout(TIMEOUT)
    raise AssertionError(say(f"the connection took {limit} bytes while its peer read nothing",
                             f"对端什么也不读，这个连接却收下了 {limit} 字节"))


def other_way_while_one_is_full(payload, pair=tcp_pair, wait=TIMEOUT):
    """A fills A -> B to the brim (B reads nothing); then B sends `payload` and A reads it. Full
    duplex: B -> A is unaffected. Returns what A got within `wait` s (a link that carries one
    direction at a time delivers nothing: its A -> B data never leaves)."""
    with pair() as (a, b):
        fill(a)

        def send():
            with contextlib.suppress(OSError):
                b.sendall(payload)

        threading.Thread(target=send, daemon=True).start()
        a.settimeout(wait)
        got = bytearray()
        with contextlib.suppress(OSError):
            while len(got) < len(payload):
                data = a.recv(65536)
                if not data:
                    break
                got += data
        return bytes(got)


def check_duplex(a_data, b_data, a_got, b_got):
    a_to_b, b_to_a = b_got == a_data, a_got == b_data  # bools: pytest's own diff of megabytes takes minutes
    assert a_to_b, say(f"A -> B: {len(b_got)} of {len(a_data)} bytes arrived while B -> A was also sending",
                       f"A -> B：B -> A 同时也在发送时，只到达了 {len(b_got)} / {len(a_data)} 字节")
    assert b_to_a, say(f"B -> A: {len(a_got)} of {len(b_data)} bytes arrived while A -> B was also sending",
                       f"B -> A：A -> B 同时也在发送时，只到达了 {len(a_got)} / {len(b_data)} 字节")


def check_other_way_flows(payload, got):
    same = got == payload  # a bool: pytest's own diff of megabytes takes minutes
    assert same, say(
        f"B -> A: {len(got)} of {len(payload)} bytes arrived while A -> B stood full (B reading nothing): "
        "the two directions do not flow independently",
        f"B -> A：A -> B 方向塞满（B 什么也不读）时，只到达了 {len(got)} / {len(payload)} 字节："
        "两个方向的数据流不是相互独立的",
    )


@claim("sock.full-duplex")
@pytest.mark.timeout(120)
@given(a_data=gen.bulk_bytes(max_size=6 * 1024 * 1024), b_data=gen.bulk_bytes(max_size=6 * 1024 * 1024))
def test_tcp_is_full_duplex(a_data, b_data):
    check_duplex(a_data, b_data, *both_ways_at_once(a_data, b_data))


@claim("sock.full-duplex")
def test_one_direction_standing_full_does_not_stop_the_other():
    # Readers in both threads above would also drain a link that carries one direction at a time;
    # here A -> B is held full while B -> A must carry more than the buffers hold.
    payload = bytes(range(256)) * (8 * 1024 * 1024 // 256)
    check_other_way_flows(payload, other_way_while_one_is_full(payload))
