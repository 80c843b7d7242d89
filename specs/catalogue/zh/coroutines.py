"""Chinese of the claims in specs/catalogue/coroutines.py (协程, 生成器, greenlet, gevent, 实现异步)."""

ZH = {
    "coro.concept.one-thread-concurrency": {
        "statement": "协程在一个操作系统线程内交替执行多条控制流：greenlet 程序的每一步都在启动它的那个线程上运行，创建再多的 greenlet 也不会增加操作系统线程。",
    },
    "coro.concept.micro-thread-name": {
        "statement": "协程也被称为微线程。",
        "note": "这是名称，不是行为：程序的任何运行都无法证实或否定某个东西叫什么。",
    },
    "coro.concept.user-scheduled": {
        "statement": "协程何时让出控制权由程序决定，而不是由操作系统决定：一个从不切换、从不等待的 greenlet 会一直运行到完成自己的工作，"
                     "其他 greenlet 才轮得到，不论这要花多长时间。",
    },
    "coro.advantage.switch-cheaper-than-threads": {
        "statement": "在两个协程之间交接控制权（生成器的 send、greenlet 的 switch），开销远小于在两个相互唤醒的操作系统线程之间交接。",
    },
    "coro.advantage.invisible-to-os": {
        "statement": "操作系统看不到协程：不论进程运行多少个 greenlet，它的操作系统线程数都保持不变。",
    },
    "coro.advantage.overlaps-waits-in-one-thread": {
        "statement": "一个运行 gevent greenlet 的线程可以实现并发：一个 greenlet 在协作式调用上等待时，其他 greenlet 运行，"
                     "于是它们的等待相互重叠，只要还有 greenlet 能运行，线程就不会闲着。",
        "note": "教程说协程能最大限度地利用 CPU。它们只能填补任务原本用来等待的时间，而且只对 gevent 能切换的等待有效"
                "（打过补丁的调用或 gevent 自己的调用）；它们从不使用多于一个核（见 coro.drawback.one-core）。",
    },
    "coro.drawback.one-core": {
        "statement": "同一线程中的协程不能利用多个核：CPU 密集型的 greenlet 一个接一个地运行，所以两个所用的时间大约是一个的两倍。",
    },
    "coro.drawback.combine-with-processes": {
        "statement": "要利用多个核，程序可以运行多个进程，每个进程有多个线程，每个线程运行协程。",
        "note": "这是设计建议，而不是某次运行的性质；独立的进程能否并行运行，由“多进程”的论断负责。",
    },
    "coro.drawback.blocking-call-blocks-thread": {
        "statement": "一个协程处在真正阻塞的调用（gevent 没有把它变成协作式的调用）中时，它所在线程的其他协程全都停下：在这个调用返回之前，它们一步也走不了。",
    },
    "coro.trait.bound-to-one-thread": {
        "statement": "greenlet 属于创建它的线程：从另一个线程切换到它会被拒绝，并抛出 greenlet.error。",
    },
    "coro.trait.no-lock-while-no-switch": {
        "statement": "只要读-改-写的过程中没有任何可能切换的地方，轮流更新共享数据（在两次更新之间相互切换）的 greenlet 就不需要锁：这时不会丢失更新。"
                     "如果读和写之间有切换（任何 gevent 能感知的阻塞调用，哪怕是 sleep(0)），就会像线程一样丢失更新。",
        "note": "教程说共享数据不需要锁，却没有给出条件：只有更新中间不可能发生切换时才成立。在 gevent 下，任何打过补丁的阻塞调用"
                "（向套接字 print、sleep、向管道写日志）都是这样的切换点，这时就需要锁（gevent.lock）。",
    },
    "coro.trait.own-stacks": {
        "statement": "每个协程都有自己的栈：一个在多层嵌套调用深处暂停的 greenlet，恢复时就从那里继续，所有局部变量都完好无损。",
    },
    "coro.trait.auto-switch-on-io": {
        "statement": "生成器和单纯的 greenlet 从不自行切换；gevent 在一个 greenlet 等待 IO 时切换到另一个，但只对它变成协作式的调用"
                     "（打过猴子补丁的或它自己的）有效：在打过补丁的 recv() 中等待的 greenlet 会让其他 greenlet 运行，而在原始的 recv() 中等待的会阻塞所有 greenlet。"
                     "在 Linux 上，它的事件循环使用 epoll。",
        "note": "教程说 gevent 通过 select 机制检测 IO 并切换。它只在自己打过补丁或自己提供的调用上切换；它不认识的阻塞调用仍会阻塞一切。"
                "它的事件循环（libev 或 libuv）在 Linux 上使用 epoll，而不是 select。",
    },
    "gen.yields-in-order-then-stops": {
        "statement": "迭代一个生成器，会按顺序得到它 yield 的值，然后停止。",
    },
    "gen.next-after-exhaustion-raises": {
        "statement": "for 循环用完一个生成器之后，对它调用 next() 会抛出 StopIteration；已经没有值可取了。",
        "note": "教程的例子在一个已经把生成器用完的 for 循环之后立即对它调用 next()，并把这当作取值的另一种方式；这个调用会抛出 StopIteration。",
    },
    "gen.body-runs-between-requests": {
        "statement": "生成器的函数体只在请求值时才运行，而且只运行到下一个 yield：创建生成器时什么也不运行，每次 next() 恰好运行两个 yield 之间的代码。",
    },
    "gen.send-delivers-to-yield": {
        "statement": "send(value) 恢复一个暂停的生成器，value 成为它的 yield 表达式的结果，send 返回生成器 yield 出的下一个值；next() 则以 None 恢复它。",
    },
    "gen.prime-before-send": {
        "statement": "生成器必须先启动（next() 或 send(None)）才能接收值：向尚未启动的生成器发送 None 以外的任何值都会抛出 TypeError。",
    },
    "gen.pc.alternates": {
        "statement": "在用生成器实现的生产者和消费者中，生产者把每个元素 send 给一个消费者生成器，每个元素都是先生产、再由它消费，然后才生产下一个：各步严格交替，每个元素都按顺序到达消费者。",
    },
    "gen.pc.no-threads": {
        "statement": "用生成器实现的生产者和消费者既不用线程也不用进程：每一步都在调用者自己的线程和进程中运行。",
    },
    "greenlet.third-party": {
        "statement": "greenlet 和 gevent 是第三方包，需要另外安装（pip），不属于标准库。",
    },
    "greenlet.switch-delivers-value": {
        "statement": "g.switch(value) 恢复 greenlet g，value 成为 g 暂停处那个 switch() 的结果（第一次 switch 把参数传给 g 的函数）；不带参数的 switch() 传递的是 ()。",
    },
    "greenlet.pc.alternates": {
        "statement": "在用 greenlet 实现的生产者和消费者中，对每个元素，生产者生产它，消费者（另一个 greenlet）消费它，然后生产者完成它，之后才轮到下一个元素；"
                     "每个元素都按顺序被消费，生产者结束后程序回到它的调用者。",
    },
    "greenlet.slower-than-generators": {
        "statement": "一次 greenlet 切换的开销是一次生成器 send() 的好几倍：在切换上，greenlet 并不比生成器快。",
        "note": "教程说源自 Stackless Python 的 greenlet 性能比生成器好得多。这里测得生成器的 send() 大约便宜十倍（每次切换 0.04 µs 对 0.4 µs）："
                "生成器只需恢复一个保存的栈帧，而 greenlet 每次切换都要把 C 栈的片段拷出拷入。greenlet 的优势在于方便（可以从任意深度的调用中切换），而不是速度。",
    },
    "greenlet.from-stackless": {
        "statement": "greenlet 把 Stackless Python 的协程打包成标准 CPython 的一个模块，在协程很多时比生成器用起来方便。",
        "note": "这是历史和对方便程度的评价：程序的任何运行都与两者无关。",
    },
    "greenlet.blocking-not-solved": {
        "statement": "单靠 greenlet 不能让阻塞调用变成协作式的：两个各自用 time.sleep() 睡眠的 greenlet 是一个接一个地睡，从不同时睡。",
    },
    "greenlet.waiting-time-wasted": {
        "statement": "单纯的 greenlet 在睡眠或阻塞时，其他 greenlet 什么也做不了：等待的时间没有被用来做别的工作。",
        "note": "教程承认 greenlet 解决不了阻塞 IO，却说等待的时间被用来做别的工作。并非如此：阻塞的 greenlet 会阻塞它的整个线程，"
                "其他 greenlet 只有在它等待结束后显式切换时才会运行。",
    },
    "gevent.monkey.needed-for-stdlib": {
        "statement": "不打猴子补丁时，gevent 创建的 greenlet 用标准库的 time.sleep() 等待，是一个接一个地等；monkey.patch_all() 之后，它们的等待相互重叠。"
                     "gevent 自己的 gevent.sleep() 不论打不打补丁都会重叠。",
        "note": "教程说 gevent 需要猴子补丁。它是对标准库的阻塞调用（time、socket、select、threading 等）才需要补丁；"
                "gevent 自己的 API（gevent.sleep、gevent.socket、gevent.queue）不打补丁也能协作。",
    },
    "gevent.monkey.patch-before-imports": {
        "statement": "猴子补丁替换的是模块的属性：在 patch_all() 之前从模块导入的名字（from time import sleep）仍是原来的阻塞函数。所以补丁要放在最前面。",
    },
    "gevent.hub.epoll-and-greenlet": {
        "statement": "gevent 建立在 greenlet（它的 greenlet 就是 greenlet.greenlet 对象）和一个在 Linux 上使用 epoll 的事件循环之上。",
    },
    "gevent.joinall-waits-for-all": {
        "statement": "gevent.joinall(greenlets) 只在给出的每个 greenlet 都结束后才返回。",
    },
    "gevent.pc.bounded-queue": {
        "statement": "基于 gevent Queue(3) 的 gevent 生产者和消费者会按顺序消费每个元素，生产者领先消费者从不超过三个元素：有三个元素待处理时，它的 put() 会等待。",
    },
    "gevent.pc.spawn-extra-argument": {
        "statement": "gevent.spawn(f, arg) 调用的是 f(arg)：不接受参数的函数会立即因 TypeError 而死，而 joinall() 照样返回，于是什么也没有生产或消费。",
        "note": "教程的程序在创建生产者和消费者时把队列作为参数传入，却把两者都定义成没有形参：两个 greenlet 在做任何事之前就因 TypeError 而死"
                "（gevent 会打印出回溯），程序结束时什么也没生产。传入队列并接收它，或者创建时不传它，都能修正。",
    },
    "async.sync-takes-the-sum": {
        "statement": "同步运行时，任务按顺序一个接一个地运行：没有两次等待相互重叠，所以总时间至少是各任务时间之和。",
    },
    "async.gevent-overlaps-waits": {
        "statement": "用 gevent（打过补丁）异步运行、每个任务各在自己的 greenlet 中时，正在等待的任务被搁在一边，下一个任务开始运行：每个任务都在任何任务结束之前开始，并在各自的等待结束时继续。",
    },
    "async.gevent-takes-about-the-longest": {
        "statement": "N 个各等待 t 的任务，用 gevent 异步运行总共大约需要 t，而同步运行需要 N·t。",
    },
    "async.comprehension-not-the-cause": {
        "statement": "greenlet 是在列表推导式中还是在 for 循环中创建的，对异步运行没有可测量的影响；节省的时间来自相互重叠的等待。",
        "note": "教程的注释把省时归功于列表推导式。用推导式构建列表确实快一点，但只快几微秒；异步版本快是因为它的等待相互重叠，在循环中创建也一样快。",
    },
    "async.elapsed-is-end-minus-start": {
        "statement": "运行时间是结束时间减去开始时间；开始时间减去结束时间是它的相反数。",
        "note": "教程的程序打印的是 start - end，一个负的运行时间。",
    },
    "async.subtasks": {
        "statement": "多任务通过在子任务中进行等待来实现异步。",
        "note": "这是一个宽泛的定义，而不是行为；异步运行的表现由 async.gevent-overlaps-waits 规定。",
    },
}
