"""Chinese of the claims in specs/catalogue/io_models.py (基本IO模型, IO多路复用, epoll)."""

ZH = {
    "io.stream.ordered-consumed": {
        "statement": "流（管道、TCP 套接字）是一个有开头和结尾的有序字节序列：读取按写入的顺序返回字节，每个字节只返回一次（读取即消耗），"
                     "结尾表现为一次空读取。",
        "note": "教程说流可以被读“一次或几次”。管道或套接字恰好只能读一次；普通文件不会被消耗，定位（seek）之后可以再读。",
    },
    "io.stream.input-output-directions": {
        "statement": "输入流只能读，输出流只能写：管道的读端拒绝写入，写端拒绝读取。",
    },
    "io.stream.device-independent": {
        "statement": "流让输入输出与设备无关：同样的读写调用适用于普通文件、管道、FIFO、终端和套接字。",
    },
    "io.fd.socket-is-a-descriptor": {
        "statement": "创建套接字得到一个文件描述符，即一个小的非负整数；对这个整数操作就是对套接字操作：对它 os.write() 就是发给对端，"
                     "os.read() 就是接收。",
    },
    "io.fd.not-everything-is-a-stream": {
        "statement": "一切都是文件描述符，但并非一切都是字节流：在 UDP 套接字上 read() 每次返回一个数据报，读取长度小于数据报时，其余部分被丢弃。",
        "note": "教程说一切皆文件、每个文件都是流；数据报套接字是保留消息边界的文件，读得太短就会丢掉剩下的部分。",
    },
    "io.blocking.read-waits-for-data": {
        "statement": "还没有数据时，阻塞的读取会一直等到数据到达，然后返回数据。",
    },
    "io.blocking.returns-what-arrived": {
        "statement": "阻塞的 recv(n) 只要有数据就返回；如果到达的少于 n 字节，就返回少于 n 字节，它不会等满 n 字节（只有 MSG_WAITALL 标志才要求这样）。",
        "note": "教程说内核会等待“足够”的数据；其实它只等到有一些数据（或流结束）。",
    },
    "io.blocking.only-the-calling-thread": {
        "statement": "阻塞的读取只挂起调用它的线程：在此期间，进程的其他线程继续运行。",
        "note": "教程说整个进程都被阻塞。被阻塞的只有调用它的线程；正因如此，每个连接一个线程的服务器才能在一个客户端等待时服务其他客户端"
                "（而且 CPython 在阻塞调用期间会释放 GIL）。",
    },
    "io.nonblocking.raises-at-once": {
        "statement": "没有就绪的数据时，非阻塞的 read、recv() 或 accept() 立即返回，方式是抛出 BlockingIOError（EAGAIN）；"
                     "程序可以处理这个异常并重试，数据到达后调用就会返回数据。",
    },
    "io.multiplex.polling-burns-cpu": {
        "statement": "在没有数据到达时一遍又一遍地询问非阻塞套接字会浪费 CPU；对同样的套接字改用选择器等待几乎不占 CPU，而且数据一到仍能立即醒来。",
    },
    "io.multiplex.reports-ready-sockets": {
        "statement": "多路复用器（选择器）报告已注册的套接字中哪些有数据，所以程序只读取这些套接字，而不必逐个尝试。",
    },
    "io.epoll.linux-default": {
        "statement": "epoll 是 Linux 的多路复用器：Python 在 Linux 上提供 select.epoll，并且那里的默认选择器就是基于 epoll 的。",
        "note": "教程说只有 Linux 有 epoll；illumos 也提供与 epoll 兼容的 API，所以“只有”说得太绝对。BSD 和 macOS 有的是 kqueue，"
                "它们的默认选择器用的是它。该测试只在 Linux 上运行，其他系统上跳过。",
    },
    "io.epoll.notifies-only": {
        "statement": "epoll 只负责通知：poll() 返回哪些描述符已就绪，不运行任何代码；由程序调用自己的处理函数。"
                     "默认（水平触发）时，描述符的数据被读走之前，每次 poll 都会再次报告它；边缘触发模式下只在新数据到达时报告。",
    },
    "io.epoll.best": {
        "statement": "epoll 是 Linux 上最好的多路复用器。",
        "note": "这是评价，不是行为。可测量的是：epoll 每次等待的开销随就绪描述符的数量增长，而不是随被监视的描述符数量增长"
                "（select 和 poll 每次都要重新扫描所有描述符，而且 select 受 FD_SETSIZE 限制）。",
    },
}
