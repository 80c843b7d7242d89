"""Chinese of the claims in specs/catalogue/queues.py (队列, 线程的生产者和消费者模型)."""

_CHECKED = ("检验对象为 queue.Queue、multiprocessing.JoinableQueue、asyncio.Queue 和实现的 MyQueue"
            "（gevent 的队列服务于同一线程中的协程，而不是多个线程）。asyncio.Queue（教程中没有，是学生接下来会遇到的）"
            "从多个线程驱动，每次调用都是同一个事件循环上的一个协程。")

ZH = {
    "queue.fifo": {
        "statement": "队列按放入的顺序交出元素。",
        "note": "检验对象为 queue.Queue、multiprocessing.JoinableQueue、gevent.queue.JoinableQueue（在打过猴子补丁的解释器中）、"
                "asyncio.Queue 和实现的 MyQueue。asyncio.Queue（教程中没有，是学生接下来会遇到的）从多个线程驱动，"
                "每次调用都是同一个事件循环上的一个协程。",
    },
    "queue.size-queries-exact-single-threaded": {
        "statement": "对 queue.Queue、gevent 的队列和基于 Condition 的队列，只有一个线程使用队列时，qsize()、empty() 和 full() 是准确的；"
                     "有其他线程同时放入和取出时，它们只是一个快照，用到时可能已经过时。",
        "note": "教程说 empty() 和 qsize() 是近似的、full() 是准确的；其实单线程时三者都准确，并发时三者都可能过时。"
                "multiprocessing.JoinableQueue 是例外：它的 put() 把元素交给一个后台线程，所以同一线程中 put() 之后 empty() 可能仍为 True"
                "（在 3.11 上测得：200 次“先 put 再 empty()”的检查中有 63 次）；它的 qsize() 和 full() 单线程时准确，测试对它只检验这两个。",
    },
    "queue.unbounded-without-positive-maxsize": {
        "statement": "只有正的 maxsize 才限制队列长度：Queue()、Queue(0) 以及负的 maxsize 都可以容纳任意多个元素，full() 始终为 False，put() 从不等待。",
        "note": "教程说括号里的数字限制队列长度；零和负数并不限制。",
    },
    "queue.bounded.put-blocks-when-full": {
        "statement": "用 maxsize n 创建的队列最多容纳 n 个元素：在满的队列上 put() 会等待，直到某次 get()（任何形式的 get()，"
                     "包括 get_nowait()）腾出位置，然后立即返回，即使给了它一个还没用完的超时也是如此。",
        "note": "带超时的 put() 用一个远长于判定程序等待被放行调用的超时来检验，所以睡满整个超时、而不在 Condition 上等待的实现会被发现。",
    },
    "queue.bounded.get-blocks-when-empty": {
        "statement": "在空队列上 get() 会等待，直到某次 put()（任何形式的 put()，包括 put_nowait()）放入一个元素，"
                     "然后立即返回这个元素，即使给了它一个还没用完的超时也是如此。",
        "note": "带超时的 get() 用一个远长于判定程序等待被放行调用的超时来检验，所以睡满整个超时、而不在 Condition 上等待的实现会被发现。",
    },
    "queue.nowait-raises-full-or-empty": {
        "statement": "不等待的形式不会等待：在满的队列上 put_nowait() / put(block=False) 抛出 queue.Full，在空队列上 get_nowait() / "
                     "get(block=False) 抛出 queue.Empty；带超时的 put() 或 get() 在超时之后也抛出同样的异常：timeout=0 时立即抛出。",
        "note": "教程列出的方法中没有这些，它只展示了会等待的形式；要使用有界队列又不至于卡住，就需要它们。",
    },
    "queue.threads.every-item-once": {
        "statement": "多个线程同时在一个队列上放入、多个线程同时取出时，放入的每个元素都恰好被取出一次：没有丢失，没有交给两个取出者，也没有凭空多出来的。",
        "note": "教程说 task_done() 和 join() 是供线程使用的，但每次只展示一个线程。测试同时运行多个生产者线程和消费者线程"
                "（由 Hypothesis 选择线程数、maxsize 和元素数），比较取出的和放入的元素。如果 get() 先检查有没有元素、再弹出元素，"
                "而中间没有一直持有锁，就会把一个元素交给两个取出者（或在空的 deque 上出错）。" + _CHECKED,
    },
    "queue.threads.no-lost-wakeup": {
        "statement": "同时阻塞的调用，只要队列允许它们返回，就会各自立即被唤醒：一次 put() 放行一个阻塞的 get()（连同它的元素），"
                     "一次 get() 放行一个阻塞的 put()，而使计数降到零的那次 task_done() 放行所有阻塞的 join()；条件满足后没有调用会继续阻塞。",
        "note": "判定程序每次发出一个调用，每个调用在自己的线程中；每次调用之后检查哪些挂起的调用现在必须返回、哪些必须继续阻塞。"
                "以下显式样例总会运行：一个 join() 和一个 get() 同时阻塞，然后一次 put()（如果队列的取出者和等待者共用一个 Condition、"
                "并用 notify() 唤醒，被唤醒的是 join()，get() 就被晾在那里）；两个 join() 阻塞，然后最后一次 task_done()"
                "（用 notify() 代替 notify_all() 会晾下一个）。对单线程论断已经判为错误的队列（join() 不等待、满时 put() 不阻塞），"
                "问题记在那些论断上。" + _CHECKED,
    },
    "queue.counter.put-increments": {
        "statement": "每次 put() 都让队列中未完成任务的计数加一，所以 put() 之后 join() 会阻塞；抛出 queue.Full 的 put() "
                     "什么也没放入，也不增加计数。",
    },
    "queue.counter.get-does-not-decrement": {
        "statement": "get() 取走一个元素，但不减少未完成任务的计数：即使所有元素都已取出，join() 仍然阻塞。",
    },
    "queue.counter.task-done-decrements": {
        "statement": "task_done() 让未完成任务的计数减一；调用次数多于放入的元素个数时抛出 ValueError。",
        "note": "教程没有说计数低于零时会怎样：这时 task_done() 抛出 ValueError，而不是变成负数。",
    },
    "queue.counter.join-waits-for-zero": {
        "statement": "计数为零时 join() 立即返回；有 k 个未完成任务时，它在前 k-1 次 task_done() 期间一直阻塞，在第 k 次时返回。",
    },
    "prodcons.threads.every-item-consumed-once": {
        "statement": "一个生产者线程向共享队列放入元素，一个或多个消费者线程取出元素，每个生产出的元素都恰好被处理一次：没有丢失，没有重复。"
                     "每个消费者把它处理过的每个元素标记为完成（q.task_done()），所以全部处理完后，主程序的 q.join() 就会返回。",
        "note": "生产者的第一个元素要等每个消费者都看过空队列之后才放入，所以一发现队列为空就停止的消费者每次都会失败，无论线程怎样调度。",
    },
    "prodcons.threads.one-consumer-keeps-order": {
        "statement": "只有一个消费者时，元素按生产者生产的顺序被处理。",
        "note": "在元素还在陆续生产时就结束（返回或抛出异常）的消费者，按它处理过的元素的顺序评判；它丢掉的元素归 every-item-consumed-once 评判。"
                "它开始之前已在队列中的元素必须全部处理。",
    },
    "prodcons.threads.producer-waits-when-full": {
        "statement": "使用有界队列且消费者正忙时，生产者放入 maxsize 个元素后就等待；只有消费者取走一个元素后它才继续，而且从不丢弃元素。",
    },
}
