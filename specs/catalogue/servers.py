"""Echo servers: what every server model in the tutorial must do for its clients.

Claims every model owes its clients (the echo family) live in 进程池/池并发服务器, the tutorial's
server section; each model's own claims (how much concurrency, what it costs while idle) live in
the section that teaches that model.
"""
from ..harness.claims import Claim
from ..harness.contract import Role

POOL_SERVER = ("进程池", "池并发服务器")
BLOCKING = ("基本IO模型", "阻塞IO")
NONBLOCKING = ("基本IO模型", "非阻塞IO模型与非阻塞套接字")
MULTIPLEXING = ("IO多路复用", "IO多路复用")
EPOLL = ("IO多路复用", "epoll")
GEVENT_SERVER = ("gevent", "gevent并发服务器")
ASYNCIO_NOTE = (
    "asyncio is not in the tutorial; it is what students meet next and the modern baseline the other models "
    "are compared with, so its server is held to the same claims and filed here with the other servers."
)


def _claim(id, where, statement, verdict="holds", kind="behaviour", note=""):
    return Claim(id=id, chapter=where[0], section=where[1], statement=statement, verdict=verdict, kind=kind, note=note)


CLAIMS = [
    # --- 阻塞IO: the iterative server --------------------------------------------------------
    _claim(
        "server.iterative.one-client-at-a-time",
        BLOCKING,
        "A server that blocks in recv() on one connection does not answer a second client while the first keeps "
        "its connection open; the second is answered as soon as the first leaves (it waited in the listen backlog).",
    ),
    # --- 非阻塞IO: the polling server ----------------------------------------------------------
    _claim(
        "server.polling.serves-clients-at-once",
        NONBLOCKING,
        "One thread that polls non-blocking sockets (accept, recv and send, catching BlockingIOError) serves "
        "several clients at once: a client is answered while others hold their connections open.",
        verdict="refined",
        note=(
            "Holds only if every accepted connection is made non-blocking too: an accepted socket does not "
            "inherit the listener's non-blocking mode in Python, and one blocking recv() stalls every client. "
            "A short write or BlockingIOError on send must also keep the unsent bytes for the next round."
        ),
    ),
    _claim(
        "server.polling.busy-while-idle",
        NONBLOCKING,
        "A polling server never waits for its clients: while they are connected but silent it keeps trying their "
        "sockets and keeps a CPU busy, using a large share of what a spinning loop uses over the same interval "
        "(at least a tenth; a server that waits for data uses almost none).",
        kind="timing",
    ),
    _claim(
        "server.polling.slows-with-idle-connections",
        NONBLOCKING,
        "A polling server tries every socket on every round, so the more idle connections it holds, the longer an "
        "active client waits for its answer.",
        verdict="refined",
        kind="timing",
        note=(
            "The measurable half of the tutorial's claim that multiplexing 'performs better': with only busy "
            "clients a polling loop answers about as fast as a multiplexed one (see bench/echo_bench.py); it "
            "falls behind as idle connections accumulate, and it burns a CPU throughout."
        ),
    ),
    # --- IO多路复用 / epoll ------------------------------------------------------------------------
    _claim(
        "server.select.serves-clients-at-once",
        MULTIPLEXING,
        "One thread waiting in select/selectors serves several clients at once: it handles whichever socket is "
        "ready, so a client is answered while others hold their connections open.",
    ),
    _claim(
        "server.multiplexed.idle-without-cpu",
        MULTIPLEXING,
        "A server that waits in a multiplexer (select, epoll, and gevent's and asyncio's loops, which wait in "
        "epoll underneath) uses almost no CPU while its clients are connected but silent: a small fraction of "
        "what a polling loop burns over the same interval.",
        verdict="refined",
        kind="timing",
        note=(
            "Holds only if the server asks for what it can use: a level-triggered epoll that keeps write interest "
            "on a socket with nothing to send, or keeps a client that reached end-of-stream registered, is woken "
            "at once forever and spins like the polling loop it replaced."
        ),
    ),
    _claim(
        "server.epoll.serves-clients-at-once",
        EPOLL,
        "One thread waiting in epoll serves several clients at once (Linux only: epoll does not exist elsewhere).",
    ),
    _claim(
        "server.epoll.latency-independent-of-idle-connections",
        EPOLL,
        "A server waiting in epoll (and gevent's and asyncio's loops, which use epoll on Linux) answers a client "
        "as fast with hundreds of idle connections open as with none: epoll reports only the ready descriptors.",
        verdict="refined",
        kind="timing",
        note=(
            "What 'epoll is the best multiplexer' can mean in a measurement: its cost follows the ready "
            "descriptors, not the watched ones (select and poll rescan them all). It holds only if the server, "
            "once woken, handles the ready sockets only; trying every connection after each wake-up brings the "
            "polling cost back."
        ),
    ),
    # --- 池并发服务器: what every echo server owes its clients --------------------------------------
    _claim(
        "server.echo.bytes-intact",
        POOL_SERVER,
        "An echo server sends back every byte a client sends, on the same connection, in order, and nothing "
        "more, however the client chunks its stream, pauses, and however slowly it reads.",
        verdict="refined",
        note=(
            "The tutorial's handlers reply with send(), which may write only part of a buffer when the peer reads "
            "slowly (on a non-blocking or gevent socket it returns a short count instead of waiting); only "
            "sendall(), or keeping the unsent rest for later, keeps the claim. Its first pool server does not "
            "reply at all, and its gevent server has the same send() bug."
        ),
    ),
    _claim(
        "server.echo.closes-when-client-closes",
        POOL_SERVER,
        "When a client closes its sending side, recv() on the server returns b'' and the server closes the "
        "connection, so the client reads end-of-stream.",
        verdict="refined",
        note="Holds once the tutorial's typo conn.colse() is fixed to conn.close(); with the typo the handler raises instead of closing.",
    ),
    _claim(
        "server.echo.releases-connection",
        POOL_SERVER,
        "Once its clients have closed, in order or by resetting their connections, the server keeps no descriptor "
        "for their connections: it does not leak one socket per client served.",
        verdict="refined",
        note=(
            "Shutting down the server's side is not enough, the socket must be closed; and a connection whose recv "
            "or send raised ConnectionResetError or BrokenPipeError must be closed too, not only forgotten. "
            "Checked on Linux through /proc, counting the server's open descriptors."
        ),
    ),
    _claim(
        "server.echo.clients-isolated",
        POOL_SERVER,
        "Several clients connected at the same time each get exactly their own bytes back, never another client's.",
    ),
    _claim(
        "server.echo.long-and-short-connections",
        POOL_SERVER,
        "Because the handler loops over recv(), one connection carries any number of request/reply exchanges (a "
        "long connection), and any number of connections that each send one message and close (short "
        "connections) are each served.",
    ),
    _claim(
        "server.echo.survives-reset",
        POOL_SERVER,
        "A client that vanishes abruptly (its connection reset while the server is writing to it) ends only its "
        "own connection: clients already connected and clients that come later are still served.",
        verdict="refined",
        note=(
            "The tutorial's loops do not catch ConnectionResetError or BrokenPipeError; in a single-threaded "
            "server (iterative, polling, select, epoll) one reset then takes the whole server down. Pool threads "
            "swallow the error silently, which keeps the claim only by accident."
        ),
    ),
    _claim(
        "server.threads.serves-clients-at-once",
        POOL_SERVER,
        "A thread-per-connection server, and a pool server up to its number of threads, answer a client while "
        "others hold their connections open.",
    ),
    _claim(
        "server.thread-pool.bounded-by-workers",
        POOL_SERVER,
        "A pool server with N worker threads (the tutorial's N = cpu_count(); the judge's choice where the role "
        "takes workers=N) serves N long connections at once; the N+1th client is accepted by the kernel but not "
        "answered until one of the N leaves.",
    ),
    _claim(
        "server.process-pool.serves-clients-at-once",
        POOL_SERVER,
        "The process-pool server (cpu_count() processes, each accepting on the shared listener and serving "
        "with a pool of 2*cpu_count() threads) serves at least 2*cpu_count() long connections at once, and "
        "the connections it holds at once live in more than one of its processes and in no more than "
        "cpu_count() of them.",
        verdict="refined",
        note=(
            "Passing the listening socket to Pool.apply_async works (multiprocessing duplicates the descriptor "
            "into the worker). But the nominal capacity of cpu_count() * 2*cpu_count() connections is not "
            "guaranteed: a process keeps accepting while its threads are all busy and queues the connection "
            "behind them, even when another process has idle threads. Only one process's pool size is sure. "
            "Which process holds each connection is read on Linux from /proc: threads in one process are no "
            "pool of processes."
        ),
    ),
    _claim(
        "server.asyncio.serves-clients-at-once",
        POOL_SERVER,
        "An asyncio-streams server (a coroutine per connection in one thread) answers a client while others hold "
        "their connections open.",
        note=ASYNCIO_NOTE,
    ),
    # --- gevent并发服务器 ---------------------------------------------------------------------------
    _claim(
        "server.gevent.serves-clients-at-once",
        GEVENT_SERVER,
        "With the interpreter monkey-patched, a greenlet per connection serves several clients at once in one "
        "thread: a blocking recv() in one greenlet yields to the others.",
        verdict="refined",
        note=(
            "Holds only if monkey.patch_all() runs before socket is imported and each connection gets its own "
            "greenlet that is not joined before the next accept."
        ),
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
            "cpu_count() threads that echo it until the client closes. Serve forever. Optionally "
            "serve_thread_pool(listener, workers=None): the judge then passes the pool's size."
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
