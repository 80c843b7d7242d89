"""池并发服务器 — what every echo server model owes its clients, run against each model."""
import threading

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from specs import strategies as gen
from specs.harness import claim
from specs.harness.netclient import connect, echo_exchange
from specs.harness.servers import running_server

ECHO_SERVERS = [
    "serve_iterative",
    "serve_polling",
    "serve_select",
    "serve_epoll",
    "serve_thread_per_connection",
    "serve_thread_pool",
    "serve_process_pool",
    "serve_gevent",
    "serve_asyncio",
]
CONCURRENT = set(ECHO_SERVERS) - {"serve_iterative"}
MIB = 1024 * 1024

# 6 MiB, more than the buffers between client and server hold, from a client that reads nothing
# until its writes stall: the server's writes back must then wait, and a server that drops what
# it cannot write at once loses bytes. Always run, whatever Hypothesis draws.
STALLED_READER_BULK = dict(
    chunks=[bytes(range(256)) * 4096 * 6], pauses=[], read_pauses=[], hold_reads=True, rcvbuf=4096
)


@pytest.fixture(params=ECHO_SERVERS)
def echo_server(request, implementation):
    with running_server(implementation, request.param) as server:
        server.role = request.param
        yield server


def _assert_served(server, exchange):
    assert exchange.received == exchange.sent, f"{server.role}: {exchange.describe()}; server {server.describe_exit()}"


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


@claim("server.echo.closes-when-client-closes")
@given(chunks=gen.chunks(max_chunks=4, big=False))
def test_server_closes_after_client_half_closes(echo_server, patience, chunks):
    exchange = echo_exchange(echo_server.address, chunks, eof_timeout=patience)
    _assert_served(echo_server, exchange)
    assert exchange.eof, (
        f"{echo_server.role}: after the client shut down its sending side, the server did not close the "
        f"connection within {patience.generous:.0f} s ({exchange.error or 'no end-of-stream'})"
    )


@claim("server.echo.clients-isolated")
@given(streams=st.lists(gen.chunks(max_chunks=4, big=False), min_size=2, max_size=4))
def test_simultaneous_clients_get_their_own_bytes(echo_server, streams):
    # every client connects before any is served; tag bytes so cross-talk cannot go unseen
    streams = [[bytes([i]) + b"|" + c for c in stream] for i, stream in enumerate(streams)]
    sockets = [connect(echo_server.address) for _ in streams]
    results = [None] * len(streams)
    try:
        if echo_server.role in CONCURRENT:
            def run(i):
                results[i] = echo_exchange(echo_server.address, streams[i], sock=sockets[i], half_close=False)
                sockets[i].close()  # a pool of n threads takes client n+1 only when one leaves

            threads = [threading.Thread(target=run, args=(i,)) for i in range(len(streams))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
        else:  # one at a time, in the order they connected; the rest wait in the backlog
            for i, stream in enumerate(streams):
                results[i] = echo_exchange(echo_server.address, stream, sock=sockets[i], half_close=False)
                sockets[i].close()  # the iterative server moves on only when this client leaves
    finally:
        for s in sockets:
            s.close()
    for i, exchange in enumerate(results):
        assert exchange is not None, f"client {i} did not finish within 60 s"
        assert exchange.received == exchange.sent, f"{echo_server.role}, client {i} of {len(streams)}: {exchange.describe()}"
