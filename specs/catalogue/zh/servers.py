"""Chinese of the claims in specs/catalogue/servers.py (the servers built on each model)."""

ZH = {
    "server.iterative.one-client-at-a-time": {
        "statement": "在一个连接上阻塞于 recv() 的服务器，在第一个客户端保持连接期间不会回应第二个客户端；第一个客户端一离开，"
                     "第二个就会得到回应（它一直在监听队列中等待）。",
    },
    "server.polling.serves-clients-at-once": {
        "statement": "一个轮询非阻塞套接字的线程（accept、recv 和 send，捕获 BlockingIOError）可以同时服务多个客户端：其他客户端保持连接时，"
                     "一个客户端也能得到回应。",
        "note": "只有每个接受的连接也被设为非阻塞时才成立：在 Python 中，accept 得到的套接字不会继承监听套接字的非阻塞模式，"
                "而一次阻塞的 recv() 会让所有客户端停滞。send 写了一部分或抛出 BlockingIOError 时，还必须保留没发出的字节留到下一轮。",
    },
    "server.polling.busy-while-idle": {
        "statement": "轮询服务器从不等待它的客户端：客户端连着但不说话时，它不停地尝试它们的套接字，让一个 CPU 一直忙着，"
                     "在同样的时间里用掉的 CPU 时间占一个空转循环所用的很大一部分（至少十分之一；等待数据的服务器几乎不用 CPU）。",
    },
    "server.polling.slows-with-idle-connections": {
        "statement": "轮询服务器每一轮都要尝试每个套接字，所以它持有的空闲连接越多，活跃的客户端等待回应的时间就越长。",
        "note": "这是教程“多路复用性能更好”这一说法中可以测量的一半：只有繁忙的客户端时，轮询循环的回应速度和多路复用的差不多"
                "（见 bench/echo_bench.py）；空闲连接越积越多时它就落后了，而且它始终在消耗一个 CPU。",
    },
    "server.select.serves-clients-at-once": {
        "statement": "一个在 select/selectors 中等待的线程可以同时服务多个客户端：它处理已就绪的套接字，所以其他客户端保持连接时，一个客户端也能得到回应。",
    },
    "server.multiplexed.idle-without-cpu": {
        "statement": "在多路复用器中等待的服务器（select、epoll，以及底层在 epoll 中等待的 gevent 和 asyncio 事件循环），"
                     "在客户端连着但不说话时几乎不占 CPU：只是同一时间内轮询循环消耗量的一小部分。",
        "note": "只有服务器只关注它能用的事件时才成立：水平触发的 epoll 如果对没有数据要发的套接字保留写事件，或者一直注册着已读到流结束的客户端，"
                "就会每次立即被唤醒，像它所取代的轮询循环一样空转。",
    },
    "server.epoll.serves-clients-at-once": {
        "statement": "一个在 epoll 中等待的线程可以同时服务多个客户端（仅限 Linux：其他系统没有 epoll）。",
    },
    "server.epoll.latency-independent-of-idle-connections": {
        "statement": "在 epoll 中等待的服务器（以及在 Linux 上使用 epoll 的 gevent 和 asyncio 事件循环）开着几百个空闲连接时回应客户端的速度，"
                     "和没有空闲连接时一样快：epoll 只报告已就绪的描述符。",
        "note": "这是“epoll 是最好的多路复用器”在测量上能有的含义：它的开销取决于已就绪的描述符，而不是被监视的描述符（select 和 poll 每次都要全部重新扫描）。"
                "只有服务器被唤醒后只处理已就绪的套接字时才成立；每次唤醒后都尝试所有连接，就又回到了轮询的开销。",
    },
    "server.echo.bytes-intact": {
        "statement": "回显服务器在同一个连接上按顺序把客户端发来的每个字节都发回去，不多也不少，不论客户端怎样分块发送、怎样停顿、读得多慢。",
        "note": "教程的处理函数用 send() 回复，而对端读得慢时 send() 可能只写出缓冲区的一部分（在非阻塞套接字或 gevent 套接字上，"
                "它返回一个较小的字节数而不是等待）；只有 sendall()，或者把没发出的部分留到以后再发，才能满足这条论断。"
                "教程的第一个池服务器根本不回复，它的 gevent 服务器也有同样的 send() 问题。",
    },
    "server.echo.closes-when-client-closes": {
        "statement": "客户端关闭它的发送方向后，服务器上的 recv() 返回 b''，服务器关闭这个连接，于是客户端读到流结束。",
        "note": "把教程的笔误 conn.colse() 改成 conn.close() 后才成立；有这个笔误时，处理函数会抛出异常而不是关闭连接。",
    },
    "server.echo.releases-connection": {
        "statement": "客户端都关闭之后（无论是正常关闭还是重置了连接），服务器不再为它们的连接保留任何描述符：不会每服务一个客户端就泄漏一个套接字。",
        "note": "只关闭服务器一侧的读写（shutdown）是不够的，必须 close 套接字；recv 或 send 抛出 ConnectionResetError 或 BrokenPipeError 的连接也必须 close，不能只是不再理会它。在 Linux 上通过 /proc 统计服务器打开的描述符来检验。",
    },
    "server.echo.clients-isolated": {
        "statement": "同时连接的多个客户端，每个都恰好收回自己发的字节，从不会收到别的客户端的字节。",
    },
    "server.echo.long-and-short-connections": {
        "statement": "因为处理函数循环调用 recv()，一个连接可以承载任意多次请求/回复的交换（长连接），而任意多个各发一条消息就关闭的连接（短连接）也都能得到服务。",
    },
    "server.echo.survives-reset": {
        "statement": "一个突然消失的客户端（服务器向它写数据时连接被重置）只结束它自己的连接：已经连接的客户端和之后来的客户端仍然能得到服务。",
        "note": "教程的循环不捕获 ConnectionResetError 或 BrokenPipeError；在单线程的服务器（迭代、轮询、select、epoll）中，"
                "一次重置就会让整个服务器崩溃。池中的线程悄悄吞掉了这个错误，只是碰巧满足了这条论断。",
    },
    "server.threads.serves-clients-at-once": {
        "statement": "每个连接一个线程的服务器，以及不超过线程数的池服务器，在其他客户端保持连接时也能回应一个客户端。",
    },
    "server.thread-pool.bounded-by-workers": {
        "statement": "有 N 个工作线程的池服务器（教程中 N = cpu_count()；角色接受 workers=N 时由判定程序选择）同时服务 N 个长连接；"
                     "第 N+1 个客户端会被内核接受，但要等 N 个中有一个离开后才得到回应。",
    },
    "server.process-pool.serves-clients-at-once": {
        "statement": "进程池服务器（cpu_count() 个进程，每个都在共享的监听套接字上 accept，并用 2*cpu_count() 个线程的线程池提供服务）"
                     "至少能同时服务 2*cpu_count() 个长连接，而且它同时持有的连接分布在它的不止一个进程里，至多 cpu_count() 个进程。",
        "note": "把监听套接字传给 Pool.apply_async 是可行的（multiprocessing 会把描述符复制到工作进程中）。但名义上的 cpu_count() * 2*cpu_count() "
                "个连接的容量是没有保证的：一个进程的线程全忙时它仍会继续 accept，并把连接排在这些线程后面，即使另一个进程有空闲的线程。"
                "能保证的只有一个进程的线程池大小。在 Linux 上从 /proc 读出每个连接由哪个进程持有：一个进程里的多个线程不是进程池。",
    },
    "server.asyncio.serves-clients-at-once": {
        "statement": "asyncio 流式服务器（一个线程中每个连接一个协程）在其他客户端保持连接时也能回应一个客户端。",
        "note": "教程中没有 asyncio；它是学生接下来会学到的，也是与其他模型比较的现代基准，所以它的服务器要满足同样的论断，并和其他服务器放在一起。",
    },
    "server.gevent.serves-clients-at-once": {
        "statement": "解释器打过猴子补丁后，每个连接一个 greenlet 就能在一个线程中同时服务多个客户端：一个 greenlet 中阻塞的 recv() 会让出给其他 greenlet。",
        "note": "只有 monkey.patch_all() 在导入 socket 之前运行，并且每个连接都有自己的 greenlet、在下一次 accept 之前不去 join 它时才成立。",
    },
}
