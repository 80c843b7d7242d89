"""池并发服务器 — what every echo server model owes its clients, run against each model."""
import contextlib
import os
import select
import sys
import weakref

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from . import strategies as gen
from .harness import ClaimViolation, claim, violation_of
from .harness.blocking import Patience
from .harness.contract import server_roles
from .harness.messages import hint, say
from .harness.netclient import Exchange, connect, echo_exchange, error_words, fill_without_blocking, reset
from .harness.servers import group_holds, server_per_example, server_side_socket, wait_until

ECHO_SERVERS = server_roles()  # every server model of the contract
CONCURRENT = set(ECHO_SERVERS) - {"serve_iterative"}
MIB = 1024 * 1024

# Every connection the server accepts has small buffers (8 KiB asked, 16 KiB given, each way), as
# on a slow network: what its writes back meet is a full buffer after kilobytes, not after the
# megabytes loopback grows its buffers to, whatever the machine.
SERVER_BUFFERS = 8192
# 1 MiB, thirty times what the buffers between client and server hold, from a client that reads
# nothing until its writes stall, then reads slower than any server writes (a pause after each
# read, a small receive buffer): the server's writes back keep meeting a full buffer, whenever the
# stall was seen and however loaded the machine, and a server that drops what it cannot write at
# once loses bytes. Always run, whatever Hypothesis draws.
STALLED_READER_BULK = dict(
    chunks=[bytes(range(256)) * 4096], pauses=[], read_pauses=[0.001] * 2000, hold_reads=True, rcvbuf=4096
)


@pytest.fixture(params=ECHO_SERVERS)
def echo_server(request, implementation):
    with server_per_example(implementation, request.param, buffers=SERVER_BUFFERS) as server:
        yield server


def _assert_served(server, exchange):
    intact = exchange.received == exchange.sent  # a bool: pytest's own diff of megabytes takes minutes
    assert intact, say(f"{server.role}: {exchange.describe()}; server {server.describe_exit()}{exchange.hint_line()}",
                       f"{server.role}：{exchange.describe()}；服务器{server.describe_exit()}{exchange.hint_line()}")
    server.assert_still_serving()  # a server this example killed fails this example, not the next


@claim("server.echo.bytes-intact")
@pytest.mark.timeout(180)
@given(
    chunks=gen.chunks(),
    pauses=gen.pauses(),
    read_pauses=gen.pauses(),
    hold_reads=st.booleans(),
    rcvbuf=st.sampled_from([None, 4096]),
)
@example(**STALLED_READER_BULK)
def test_every_byte_comes_back_in_order(echo_server, patience, chunks, pauses, read_pauses, hold_reads, rcvbuf):
    exchange = echo_exchange(
        echo_server.address,
        chunks,
        pauses=pauses,
        read_pauses=read_pauses,
        hold_reads=hold_reads,
        rcvbuf=rcvbuf,
        half_close=False,  # closing is another claim's business
        timeout=patience,
    )
    _assert_served(echo_server, exchange)


# The client half-closes once it has sent everything and `moment` of its echo came back: 0 is
# right after its last send (printf ... | nc), before anything came back when it holds its reads;
# 1 is after the whole echo. A server that closes at the client's end-of-stream while some echo
# is still unsent loses the tail.
MOMENTS = st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0, 1))
# 1 MiB half-closed right after the last send, by a reader that starts late and reads slowly: the
# server reads the end-of-stream while most of its echo is unsent, on any machine.
HALF_CLOSED_WITH_ECHO_PENDING = dict(STALLED_READER_BULK, moment=0.0)
# One small message and the half-close at once, before a byte came back.
SENT_AND_HALF_CLOSED_AT_ONCE = dict(chunks=[b"hello\n"], pauses=[], read_pauses=[], hold_reads=True, rcvbuf=None, moment=0.0)


@claim("server.echo.bytes-intact")
@pytest.mark.timeout(180)
@given(
    chunks=gen.chunks(max_chunks=6),
    pauses=gen.pauses(6),
    read_pauses=gen.pauses(),
    hold_reads=st.booleans(),
    rcvbuf=st.sampled_from([None, 4096]),
    moment=MOMENTS,
)
@example(**HALF_CLOSED_WITH_ECHO_PENDING)
@example(**SENT_AND_HALF_CLOSED_AT_ONCE)
def test_every_byte_comes_back_whenever_the_client_half_closes(echo_server, patience, chunks, pauses, read_pauses, hold_reads, rcvbuf, moment):
    exchange = echo_exchange(
        echo_server.address,
        chunks,
        pauses=pauses,
        read_pauses=read_pauses,
        hold_reads=hold_reads,
        rcvbuf=rcvbuf,
        half_close_after=int(moment * sum(map(len, chunks))),
        wait_for_close=False,
        timeout=patience,
    )
    _assert_served(echo_server, exchange)


# Every connection opens with a message echoed before anything else is sent, and sends at least a
# byte after it: a server that closes after its first recv, not at the client's end-of-stream, loses
# what follows however fast the machine (coalesced into one recv, the example's bytes passed it by luck)
OPENING = b"open\n"


@claim("server.echo.closes-when-client-closes")
@given(chunks=gen.chunks(max_chunks=4, big=False), moment=MOMENTS)
def test_server_closes_after_client_half_closes(echo_server, patience, chunks, moment):
    chunks = [*chunks, b"\n"]
    half_close_after = int(moment * sum(map(len, chunks)))
    with contextlib.ExitStack() as stack:
        opened, error, sock = b"", "", None
        try:
            sock = stack.enter_context(connect(echo_server.address, timeout=patience.generous))
            sock.sendall(OPENING)
            opened = _exact(sock, len(OPENING), patience.seconds)
        except OSError as exc:
            error = f"could not connect: {exc}" if sock is None else f"connection error while writing: {exc}"
        if opened != OPENING:
            _assert_served(echo_server, Exchange(OPENING, opened, False, error, say("the opening message, sent alone", "单独发送的开头消息")))
        exchange = echo_exchange(echo_server.address, chunks, half_close_after=half_close_after, eof_timeout=patience, sock=sock)
    _assert_served(echo_server, exchange)
    assert exchange.eof, say(
        f"{echo_server.role}: after the client shut down its sending side, the server did not close the "
        f"connection within {patience.generous:.0f} s ({exchange.error or 'no end-of-stream'})",
        f"{echo_server.role}：客户端关闭了它的发送方向之后，服务器在 {patience.generous:.0f} 秒内没有关闭连接"
        f"（{error_words(exchange.error) if exchange.error else '没有读到流结束'}）",
    )


def _take_available(sock, into):
    """Append whatever bytes are already there, without waiting; False at end-of-stream."""
    while select.select([sock], [], [], 0)[0]:
        try:
            data = sock.recv(65536)
        except OSError:
            return False
        if not data:
            return False
        into += data
    return True


@claim("server.echo.clients-isolated")
@given(data=st.data(), clients=st.integers(2, 4))
def test_simultaneous_clients_get_their_own_bytes(echo_server, patience, data, clients):
    # Hypothesis picks the order of the clients' sends; every client is connected before any sends,
    # and each one's bytes carry its number, so cross-talk cannot go unseen
    schedule = data.draw(
        st.lists(st.tuples(st.integers(0, clients - 1), st.binary(max_size=1024)), min_size=1, max_size=16),
        label="sends (client, bytes), in this order",
    )
    # The first client is the one every model serves first: its opening sends each wait for their
    # echo, so a server that reads a connection once loses the rest however fast the machine is.
    opening = data.draw(st.lists(st.binary(max_size=64), min_size=2, max_size=3), label="client 1's opening sends, each echoed before the next")
    sent = [bytearray() for _ in range(clients)]
    received = [bytearray() for _ in range(clients)]
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(connect(echo_server.address, timeout=patience.generous)) for _ in range(clients)]
        steps = [(0, chunk, True) for chunk in opening] + [(i, chunk, False) for i, chunk in schedule]
        for i, chunk, echo_first in steps:
            message = bytes([i]) + chunk
            with contextlib.suppress(OSError):  # a connection the server dropped: the bytes count as lost
                socks[i].sendall(message)  # a few KiB at most: the buffers hold them whoever is served
            sent[i] += message
            if echo_first:
                received[0] += _exact(socks[0], len(sent[0]) - len(received[0]), patience.seconds)
            for j, sock in enumerate(socks):
                _take_available(sock, received[j])
        # then each client in turn reads the rest of its echo and leaves (an iterative server, or a
        # pool with fewer threads than clients, takes the next client only then)
        for i, sock in enumerate(socks):
            rest = _exact(sock, len(sent[i]) - len(received[i]), patience.seconds) if len(received[i]) < len(sent[i]) else b""
            received[i] += rest
            if len(received[i]) < len(sent[i]):
                patience.miss()
            _take_available(sock, received[i])  # anything more than was sent is cross-talk too
            sock.close()
            got, want = bytes(received[i]), bytes(sent[i])
            own = got[: len(want)] == want[: len(got)]
            assert got == want, say(
                f"{echo_server.role}, client {i + 1} of {clients}: sent {len(want)} bytes, got {len(got)} back"
                + ("" if own else ", not its own bytes")
                + f"; server {echo_server.describe_exit()}",
                f"{echo_server.role}，第 {i + 1} 个客户端（共 {clients} 个）：发送了 {len(want)} 字节，收回 {len(got)} 字节"
                + ("" if own else "，而且收回的不是它自己的字节")
                + f"；服务器{echo_server.describe_exit()}",
            )


def _exact(sock, n, timeout):
    """Read exactly n bytes (fewer on end-of-stream or timeout)."""
    got = bytearray()
    sock.settimeout(timeout)
    try:
        while len(got) < n:
            data = sock.recv(n - len(got))
            if not data:
                break
            got += data
    except OSError:
        pass
    return bytes(got)


def _one_connection_hint(reply, i):
    """Bytes changed is its own hint; a short or missing reply after the first one means the handler
    stopped reading the connection."""
    if (reply.hint_words() or ("",))[0].startswith("bytes came back changed") or i == 0:
        return reply.hint_line()
    return hint("the handler stopped answering this connection: loop over recv() until it returns b'' (the client closed)",
                "处理函数不再应答这个连接：应循环调用 recv()，直到它返回 b''（客户端关闭了连接）")


@claim("server.echo.long-and-short-connections")
@given(
    exchanges=st.lists(st.binary(min_size=1, max_size=2048), min_size=1, max_size=16),
    short=st.lists(st.binary(min_size=1, max_size=256), min_size=1, max_size=8),
)
def test_long_and_short_connections_are_served(echo_server, patience, exchanges, short):
    # long: request, wait for the reply, next request, all on one connection
    with connect(echo_server.address) as sock:
        for i, message in enumerate(exchanges):
            sock.sendall(message)
            got = _exact(sock, len(message), patience.seconds)
            if got != message:
                patience.miss()
            reply = Exchange(message, got, False, "" if got else "no reply")
            assert got == message, say(
                f"{echo_server.role}: on one connection, reply {i + 1} of {len(exchanges)}: {reply.describe()}; "
                f"server {echo_server.describe_exit()}{_one_connection_hint(reply, i)}",
                f"{echo_server.role}：同一个连接上的第 {i + 1} 次回复（共 {len(exchanges)} 次）：{reply.describe()}；"
                f"服务器{echo_server.describe_exit()}{_one_connection_hint(reply, i)}",
            )
    # short: connect, one message, close, over and over
    for i, message in enumerate(short):
        exchange = echo_exchange(echo_server.address, [message], timeout=patience, eof_timeout=patience)
        assert exchange.received == message and exchange.eof, say(
            f"{echo_server.role}: short connection {i + 1} of {len(short)}: {exchange.describe()}, "
            f"{'end-of-stream' if exchange.eof else 'no end-of-stream'}; server {echo_server.describe_exit()}{exchange.hint_line()}",
            f"{echo_server.role}：第 {i + 1} 个短连接（共 {len(short)} 个）：{exchange.describe()}，"
            f"{'读到了流结束' if exchange.eof else '没有读到流结束'}；服务器{echo_server.describe_exit()}{exchange.hint_line()}",
        )


# More connections than any pool a student might size (the harness caps a subject at 512
# threads): a pool whose workers each serve a fixed number of connections, or leak one, runs dry.
SEQUENTIAL_CONNECTIONS = 600


@claim("server.echo.long-and-short-connections")
@pytest.mark.timeout(180)
def test_hundreds_of_connections_one_after_another(echo_server, patience):
    for i in range(SEQUENTIAL_CONNECTIONS):
        message = b"%d\n" % i
        exchange = echo_exchange(echo_server.address, [message], timeout=patience, eof_timeout=patience)
        assert exchange.received == message and exchange.eof, say(
            f"{echo_server.role}: connection {i + 1} of {SEQUENTIAL_CONNECTIONS}, each opened after the last "
            f"closed: {exchange.describe()}, {'end-of-stream' if exchange.eof else 'no end-of-stream'}; "
            f"server {echo_server.describe_exit()}{exchange.hint_line()}",
            f"{echo_server.role}：第 {i + 1} 个连接（共 {SEQUENTIAL_CONNECTIONS} 个，每个都在上一个关闭后才打开）："
            f"{exchange.describe()}，{'读到了流结束' if exchange.eof else '没有读到流结束'}；"
            f"服务器{echo_server.describe_exit()}{exchange.hint_line()}",
        )


# How a client leaves: shuts down its side and reads end-of-stream; closes both directions once its
# echo came back; or resets (an RST) while the server is still writing its echo to it.
LEAVINGS = ["half-close", "close", "reset"]


def _reset_while_written_to(server, patience):
    """A client sends more than the buffers between it and the server hold, reads nothing but the
    first byte of its echo (the server's writes to it now meet a full buffer), then resets. The
    inode of the server's socket of that connection, read before the reset (None: not held)."""
    first = b""
    with connect(server.address, timeout=patience.generous, rcvbuf=4096) as sock:
        fill_without_blocking(sock, 4 << 20)
        sock.settimeout(patience.seconds)
        with contextlib.suppress(OSError):
            first = sock.recv(1)
        assert first == b"r", say(f"{server.role}: a client was never answered; server {server.describe_exit()}",
                                  f"{server.role}：有个客户端始终没有得到应答；服务器{server.describe_exit()}")
        inode = server_side_socket(server.address, sock.getsockname())
        reset(sock)
    return inode


def _served_and_gone(server, message, how, patience):
    """A client sends message, reads its echo back, then leaves (half-close: shuts down its side and
    waits for the server's end-of-stream; close: closes both directions at once). The Exchange, and
    the inode of the server's socket of that connection, read while the connection stood (None:
    not held)."""
    with connect(server.address, timeout=patience.generous) as sock:
        client_end = sock.getsockname()
        exchange = echo_exchange(server.address, [message], timeout=patience, half_close=False, sock=sock)
        inode = server_side_socket(server.address, client_end)
        if how == "half-close" and exchange.received == message:
            echo_exchange(server.address, [], timeout=patience, eof_timeout=patience, sock=sock)
    return exchange, inode


def _kept_socket(server, i, n, how, seconds):
    """Why the server failed: client i+1 of n left (how) and the server still holds its socket."""
    if how == "reset":
        return say(
            f"{server.role}: client {i + 1} of {n} reset its connection while the server was writing to it, and "
            f"{seconds:.1f} s later the server still held that connection's socket: it keeps the socket "
            "of a client that reset its connection",
            f"{server.role}：第 {i + 1} 个客户端（共 {n} 个）在服务器向它写数据时重置了连接，"
            f"{seconds:.1f} 秒后服务器仍持有这个连接的套接字：它留着重置了连接的客户端的套接字",
        ) + hint("a connection whose recv or send raised ConnectionResetError or BrokenPipeError must be closed too, "
                 "not only unregistered or dropped from the loop",
                 "recv 或 send 抛出 ConnectionResetError 或 BrokenPipeError 的连接也要 close，不能只是注销它或不再理会它")
    how_zh = {"half-close": "半关闭", "close": "关闭"}[how]
    return say(
        f"{server.role}: client {i + 1} of {n} closed its connection ({how}), and {seconds:.1f} s later the server "
        "still held that connection's socket: it keeps a socket for every client served (close the "
        "connection, not only shut it down)",
        f"{server.role}：第 {i + 1} 个客户端（共 {n} 个）关闭了连接（{how_zh}），{seconds:.1f} 秒后服务器仍持有 "
        "这个连接的套接字：它为服务过的每个客户端都留着一个套接字（要 close 连接，不能只 shutdown）",
    )


RELEASES = "server.echo.releases-connection"
SURVIVES_RESET = "server.echo.survives-reset"


def _blame(server, closes, i, exc, patience):
    """Why client i+1 (i = len(closes): the closing probe) was not served, when the cause is a client
    before it: the server ended after client i left (a reset names survives-reset), or it runs but
    a client before reset its connection (survives-reset: later clients are still served). None:
    no client before is to blame."""
    n = len(closes)
    if i > 0 and wait_until(lambda: not server.alive(), patience.seconds):
        how = closes[i - 1]
        how_zh = {"half-close": "半关闭了连接", "close": "关闭了连接", "reset": "重置了连接"}[how]
        return ClaimViolation(SURVIVES_RESET if how == "reset" else RELEASES, say(
            f"{server.role}: the server ended after client {i} of {n} left ({how}), so later clients were refused; "
            f"server {server.describe_exit()}",
            f"{server.role}：第 {i} 个客户端（共 {n} 个）{how_zh}之后服务器就结束了，之后的客户端都被拒绝；"
            f"服务器{server.describe_exit()}",
        ) + (hint("catch ConnectionResetError and BrokenPipeError around one connection's recv and send, close that "
                  "connection and go on serving the others",
                  "在单个连接的 recv 和 send 外面捕获 ConnectionResetError 和 BrokenPipeError，关闭这个连接，继续服务其他连接")
             if how == "reset" else ""))
    if "reset" in closes[:i]:  # a handler that died holding a lock strands the clients after it
        r = closes.index("reset")
        return ClaimViolation(SURVIVES_RESET, say(
            f"{server.role}: client {r + 1} of {n} reset its connection, and client {i + 1} was not served after it: {exc}",
            f"{server.role}：第 {r + 1} 个客户端（共 {n} 个）重置了连接，之后第 {i + 1} 个客户端没有得到服务：{exc}"))
    return None


# A release has a patience of its own: a miss of survives-reset (a client stuck behind a dead
# handler's lock) shortens the spec's patience while Hypothesis shrinks, and a correct release, slower
# than that under load, would then fail releases-connection too: one claim's failure making another's.
_RELEASE_PATIENCE = weakref.WeakKeyDictionary()  # the spec's patience -> its releases' own


def _release_patience(patience):
    return _RELEASE_PATIENCE.setdefault(patience, Patience(patience.generous))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a process's descriptors are counted through /proc (Linux)")
@claim(RELEASES, SURVIVES_RESET)
@given(closes=st.lists(st.sampled_from(LEAVINGS), min_size=1, max_size=6))
@example(closes=["reset"])  # always tried: a server may close in order and still leak on a reset
def test_server_releases_connections_its_clients_closed(echo_server, patience, closes):
    with violation_of(RELEASES):  # what a reset caused is survives-reset's (_blame); anything else, this claim's
        if "reset" in closes:  # what a reset leaves behind belongs to this example, not the next
            echo_server.retire()
        for i, how in enumerate(closes):
            message = b"client %d" % i
            try:
                if how == "reset":
                    inode = _reset_while_written_to(echo_server, patience)
                else:
                    exchange, inode = _served_and_gone(echo_server, message, how, patience)
                    assert exchange.received == message, say(f"{echo_server.role}, client {i}: {exchange.describe()}",
                                                             f"{echo_server.role}，客户端 {i}：{exchange.describe()}")
            except AssertionError as exc:
                blamed = _blame(echo_server, closes, i, exc, patience)
                if blamed is None:
                    raise
                raise blamed from None
            # after each client, so the failure names the way of leaving that leaks. The judge looks
            # for that connection's own socket in the server's processes (not at a count, which a
            # pool that replaces a worker changes with no leak)
            release_patience = _release_patience(patience)
            waited = release_patience.seconds  # before a miss shortens it
            released = inode is None or wait_until(lambda: not group_holds(echo_server.pgid, inode), release_patience)
            assert released, _kept_socket(echo_server, i, len(closes), how, waited)
        try:
            echo_server.assert_still_serving()
        except AssertionError as exc:
            raise _blame(echo_server, closes, len(closes), exc, patience) or ClaimViolation(RELEASES, str(exc)) from None
