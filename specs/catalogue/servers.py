"""Echo servers: what every server model in the tutorial must do for its clients."""
from specs.harness.claims import Claim
from specs.harness.contract import Role

POOL_SERVER = ("进程池", "池并发服务器")
SOCKETS = ("创建套接字", "创建套接字")

CLAIMS = [
    Claim(
        id="server.echo.bytes-intact",
        chapter=POOL_SERVER[0],
        section=POOL_SERVER[1],
        statement=(
            "An echo server sends back every byte a client sends, on the same connection, in order, "
            "and nothing more, however the client chunks its stream and however slowly it reads."
        ),
        verdict="refined",
        note=(
            "The tutorial's handlers reply with send(), which may write only part of a buffer when the "
            "peer reads slowly or the socket has a timeout; only sendall() (or a loop over send) keeps "
            "the claim. Its first pool server does not reply at all."
        ),
    ),
    Claim(
        id="server.echo.closes-when-client-closes",
        chapter=POOL_SERVER[0],
        section=POOL_SERVER[1],
        statement=(
            "When a client closes its sending side, recv() on the server returns b'' and the server "
            "closes the connection, so the client reads end-of-stream."
        ),
        verdict="refined",
        note="Holds once the tutorial's typo conn.colse() is fixed to conn.close(); with the typo the handler raises instead of closing.",
    ),
    Claim(
        id="server.echo.clients-isolated",
        chapter=POOL_SERVER[0],
        section=POOL_SERVER[1],
        statement="Several clients connected at the same time each get exactly their own bytes back, never another client's.",
        verdict="holds",
    ),
]

ROLES = [
    Role(
        name="serve_iterative",
        signature="serve_iterative(listener)",
        summary=(
            "Iterative blocking echo server: accept one connection, echo until the client closes, close it, "
            "accept the next. `listener` is a bound, listening TCP socket; serve forever."
        ),
        params=("listener",),
    ),
    Role(
        name="serve_polling",
        signature="serve_polling(listener)",
        summary=(
            "The tutorial's non-blocking model: one thread, every socket non-blocking, a loop that tries "
            "accept, recv and send on each in turn and catches BlockingIOError; it never waits. Echoes every "
            "connection; serve forever."
        ),
        params=("listener",),
    ),
    Role(
        name="serve_select",
        signature="serve_select(listener)",
        summary=(
            "One thread, non-blocking sockets, a readiness loop on select.select or selectors: sleep until a "
            "socket is ready, then accept, recv or send on it. Echoes every connection; serve forever."
        ),
        params=("listener",),
    ),
    Role(
        name="serve_epoll",
        signature="serve_epoll(listener)",
        summary="As serve_select, on select.epoll (Linux only).",
        params=("listener",),
    ),
    Role(
        name="serve_thread_per_connection",
        signature="serve_thread_per_connection(listener)",
        summary="Accept in a loop and start a new thread for each connection, which echoes it until the client closes.",
        params=("listener",),
    ),
    Role(
        name="serve_thread_pool",
        signature="serve_thread_pool(listener)",
        summary=(
            "The tutorial's pool server: accept in a loop and hand each connection to a pool of "
            "cpu_count() threads that echo it until the client closes. Serve forever."
        ),
        params=("listener",),
    ),
    Role(
        name="serve_process_pool",
        signature="serve_process_pool(listener)",
        summary=(
            "The tutorial's second pool server: a pool of cpu_count() processes, each running an accept loop "
            "on the shared listener that hands connections to its own pool of 2*cpu_count() threads."
        ),
        params=("listener",),
    ),
    Role(
        name="serve_gevent",
        signature="serve_gevent(listener)",
        summary=(
            "The tutorial's gevent server: accept in a loop and spawn a greenlet per connection. Runs in an "
            "interpreter monkey-patched before the package is imported (the harness does it)."
        ),
        params=("listener",),
        runs_in="gevent",
    ),
    Role(
        name="serve_asyncio",
        signature="serve_asyncio(listener)",
        summary=(
            "asyncio streams (not in the tutorial; the modern baseline): asyncio.start_server(sock=listener) "
            "with a coroutine per connection. Serve forever."
        ),
        params=("listener",),
    ),
]
