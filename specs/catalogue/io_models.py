"""基本IO模型 and IO多路复用: streams, file descriptors, blocking and non-blocking IO, selectors, epoll.

Claims about the runtime only (the servers built on these models are specs/catalogue/servers.py's):
their rejection evidence is tests/test_wrong_io.py.
"""
from ..harness.claims import Claim

IO = "基本IO模型"
MUX = "IO多路复用"

CLAIMS = [
    # ---- 数据流概念 ---------------------------------------------------------------------------
    Claim(
        id="io.stream.ordered-consumed",
        chapter=IO,
        section="数据流概念",
        statement=(
            "A stream (a pipe, a TCP socket) is an ordered sequence of bytes with a start and an end: reads return "
            "the bytes in the order written, each byte once (reading consumes it), and the end shows as an empty read."
        ),
        verdict="refined",
        note=(
            "The tutorial says a stream can be read 'once or a few times'. A pipe or socket is read exactly once; "
            "a regular file is not consumed and can be read again after seeking."
        ),
    ),
    Claim(
        id="io.stream.input-output-directions",
        chapter=IO,
        section="数据流概念",
        statement="An input stream can only be read and an output stream only written: a pipe's read end refuses writes and its write end refuses reads.",
        verdict="holds",
    ),
    Claim(
        id="io.stream.device-independent",
        chapter=IO,
        section="数据流概念",
        statement="Streams make input and output independent of the device: the same read and write calls serve a regular file, a pipe, a FIFO, a terminal and a socket.",
        verdict="holds",
    ),
    # ---- IO解释与IO交互 -----------------------------------------------------------------------
    Claim(
        id="io.fd.socket-is-a-descriptor",
        chapter=IO,
        section="IO解释与IO交互",
        statement=(
            "Creating a socket returns a file descriptor, a small non-negative integer; operating on that integer "
            "is operating on the socket: os.write() on it sends to the peer and os.read() on it receives."
        ),
        verdict="holds",
    ),
    Claim(
        id="io.fd.not-everything-is-a-stream",
        chapter=IO,
        section="IO解释与IO交互",
        statement=(
            "Everything is a file descriptor, but not everything is a byte stream: read() on a UDP socket returns "
            "one datagram at a time, and a read shorter than the datagram discards the rest of it."
        ),
        verdict="refined",
        note="The tutorial says everything is a file and every file is a stream; datagram sockets are files that keep message boundaries and lose what a short read leaves.",
    ),
    # ---- 阻塞IO -------------------------------------------------------------------------------
    Claim(
        id="io.blocking.read-waits-for-data",
        chapter=IO,
        section="阻塞IO",
        statement="A blocking read with no data yet waits until data arrives, then returns it.",
        verdict="holds",
    ),
    Claim(
        id="io.blocking.returns-what-arrived",
        chapter=IO,
        section="阻塞IO",
        statement=(
            "A blocking recv(n) returns as soon as any data is there, with fewer than n bytes if fewer have "
            "arrived; it does not wait for n bytes (only the MSG_WAITALL flag asks for that)."
        ),
        verdict="refined",
        note="The tutorial says the kernel waits for 'enough' data; it waits only for some data (or the end of the stream).",
    ),
    Claim(
        id="io.blocking.only-the-calling-thread",
        chapter=IO,
        section="阻塞IO",
        statement="A blocking read suspends only the thread that called it: the process's other threads keep running meanwhile.",
        verdict="refuted",
        note=(
            "The tutorial says the whole process is blocked. Only the calling thread is; that is exactly what "
            "lets a thread-per-connection server serve other clients while one waits (and CPython releases the "
            "GIL around the blocking call)."
        ),
    ),
    # ---- 非阻塞IO模型与非阻塞套接字 -----------------------------------------------------------
    Claim(
        id="io.nonblocking.raises-at-once",
        chapter=IO,
        section="非阻塞IO模型与非阻塞套接字",
        statement=(
            "A non-blocking read, recv() or accept() with nothing ready returns at once by raising BlockingIOError "
            "(EAGAIN); the program can handle the exception and retry, and once data is there the call returns it."
        ),
        verdict="holds",
    ),
    # ---- IO多路复用 ---------------------------------------------------------------------------
    Claim(
        id="io.multiplex.polling-burns-cpu",
        chapter=MUX,
        section="IO多路复用",
        statement=(
            "Asking non-blocking sockets again and again wastes CPU while nothing arrives; waiting on a selector "
            "for the same sockets uses almost none, and still wakes as soon as data comes."
        ),
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="io.multiplex.reports-ready-sockets",
        chapter=MUX,
        section="IO多路复用",
        statement="A multiplexer (selector) reports which of the registered sockets have data, so the program reads only those instead of trying every one.",
        verdict="holds",
    ),
    # ---- epoll --------------------------------------------------------------------------------
    Claim(
        id="io.epoll.linux-default",
        chapter=MUX,
        section="epoll",
        statement="epoll is Linux's multiplexer: Python offers select.epoll on Linux, and there the default selector is the epoll-based one.",
        verdict="refined",
        note=(
            "The tutorial says epoll exists only on Linux; illumos also offers an epoll-compatible API, so 'only' is "
            "too strong. BSD and macOS have kqueue instead, which their default selector uses. The spec is "
            "Linux-only and skips elsewhere."
        ),
    ),
    Claim(
        id="io.epoll.notifies-only",
        chapter=MUX,
        section="epoll",
        statement=(
            "epoll only notifies: poll() returns which descriptors are ready and runs nothing; the program calls "
            "its own handler. By default (level-triggered) a descriptor is reported again on every poll until its "
            "data is read; in edge-triggered mode only when new data arrives."
        ),
        verdict="holds",
    ),
    Claim(
        id="io.epoll.best",
        chapter=MUX,
        section="epoll",
        statement="epoll is the best multiplexer on Linux.",
        verdict="not-executable",
        note=(
            "A judgement, not behaviour. What is measurable is that epoll's cost per wait grows with the number of "
            "ready descriptors rather than watched ones (select and poll rescan every descriptor, and select is "
            "limited to FD_SETSIZE)."
        ),
        kind="fact",
    ),
]
