"""Chinese of the claims in specs/catalogue/pools.py (MyThread, 线程池, 内置线程池, 进程池)."""

_NO_TRY = ("教程的运行循环调用 func(*args, **kwargs) 时没有 try/except：抛出异常的任务会结束循环，于是工作线程死掉，"
           "这个任务的 task_done() 永远不会被调用，join() 永远等待，之后的任务也都不会运行。参考实现捕获任务的异常、报告它，"
           "并且总会调用 task_done()。")

ZH = {
    "worker.mythread.starts-itself-as-daemon": {
        "statement": "MyThread() 自己启动它的工作线程（不需要调用 start()），并把它设为守护线程，所以工作线程仍在等待任务时，程序也可以结束。",
    },
    "worker.mythread.runs-tasks-in-order-with-their-arguments": {
        "statement": "主线程是生产者，工作线程是消费者：用 submit_tasks(func, args, kwargs) 提交的每个任务都按提交的顺序、"
                     "以 func(*args, **kwargs) 的形式运行一次。",
    },
    "worker.mythread.join-waits-for-every-task": {
        "statement": "MyThread.join() 只在所有已提交的任务都完成后才返回（它等待的是队列的计数器，而不是那个永不结束的线程），"
                     "之后工作线程仍然接收并运行任务。",
    },
    "worker.mythread.fourth-pending-submission-waits": {
        "statement": "任务队列容纳 3 个任务：工作线程正忙且已有 3 个任务在等待时，再提交一个任务会等待，直到工作线程取走下一个任务。",
    },
    "worker.mythread.survives-failing-task": {
        "statement": "抛出异常的任务既不会杀死工作线程，也不会让 join() 卡住：之后的任务仍在同一个线程上运行，所有任务完成后 join() 返回。",
        "note": _NO_TRY,
    },
    "worker.mythread.reuses-one-thread": {
        "statement": "用生产者和消费者模型可以重复利用一个线程：提交给 MyThread 的每个任务都在同一个工作线程上运行（同一个 ident），"
                     "从不在提交任务的线程上运行，也不会为每个任务新建线程。",
    },
    "pool.mypool.every-task-runs-once": {
        "statement": "提交给 MyPool 的每个任务都恰好运行一次，使用提交时给出的位置参数和关键字参数；所有任务完成后 join() 才返回，"
                     "不会更早：最后一个任务仍在运行时，join() 一直等待。",
        "note": "教程的 MyPool 启动线程时没有指定 target，所以线程立即退出，没有任务会运行，第四次提交在满的队列上阻塞，join() 永不返回。"
                "只要每个线程都运行消费者循环，这条论断就成立。",
    },
    "pool.mypool.workers-are-daemons": {
        "statement": "MyPool(n) 的工作线程都是守护线程，所以它们仍在等待任务时，程序也可以结束；任务不会在提交它的线程上运行。",
    },
    "pool.mypool.n-tasks-at-once": {
        "statement": "MyPool(n) 恰好同时运行 n 个任务：n 个相互等待的任务（一个 n 方的屏障）都能通过，而 n+1 个相互等待的任务不可能全部同时运行。",
        "note": "对线程运行消费者循环的 MyPool 成立；教程的线程没有 target，什么也不运行。",
    },
    "pool.mypool.reuses-at-most-n-threads": {
        "statement": "不论提交多少任务，MyPool(n) 最多用 n 个线程运行它们，其中没有提交任务的那个线程。",
    },
    "pool.mypool.fourth-pending-submission-waits": {
        "statement": "n 个工作线程都在忙且队列中已有 3 个任务等待时，再提交一个任务会等待，直到某个工作线程取走一个任务。",
    },
    "pool.mypool.survives-failing-task": {
        "statement": "抛出异常的任务既不会杀死它的工作线程，也不会让 join() 卡住；之后的任务仍然运行。",
        "note": _NO_TRY,
    },
    "pool.builtin.apply-async-kwds": {
        "statement": "ThreadPool 和 Pool 把 apply_async(func, args=..., kwds=...) 作为 func(*args, **kwds) 在工作者中运行；"
                     "关键字参数的形参名是 kwds，传 kwargs= 会引发 TypeError。",
    },
    "pool.builtin.results-through-get": {
        "statement": "apply_async 立即返回一个 AsyncResult；它的 get(timeout) 返回任务的返回值，或者重新抛出任务抛出的异常，而池继续运行之后的任务。",
        "note": "教程从来不读取结果；它的任务只是打印。",
    },
    "pool.builtin.join-needs-close": {
        "statement": "在 close()（或 terminate()）之前对 ThreadPool 或 Pool 调用 join() 会抛出 ValueError；close() 之后，join() 等待所有已提交的任务完成。",
    },
    "pool.builtin.close-stops-new-tasks": {
        "statement": "close() 之后 apply_async 会抛出 ValueError，而 close() 之前提交的任务仍会运行到结束。",
    },
    "pool.threadpool.n-at-once-in-this-process": {
        "statement": "ThreadPool(n) 同时运行 n 个任务（n 方的屏障能通过，n+1 方的不能），在调用者所在进程的线程上运行：相同的 pid，共享内存。",
    },
    "pool.process.n-at-once-in-other-processes": {
        "statement": "Pool(n) 在 n 个工作进程中同时运行 n 个任务：每个任务看到的 pid 都不是调用者的，不同的 pid 最多 n 个，"
                     "任务对模块全局变量的修改只留在它的工作进程里。",
    },
    "pool.process.unpicklable-task-fails": {
        "statement": "Pool 的任务经过 pickle 序列化后传给工作进程：lambda 或定义在另一个函数内部的函数无法发送，get() 会抛出序列化错误"
                     "（PicklingError，或指出该局部对象的 AttributeError），而不是运行它或卡住；池仍然继续工作。",
        "note": "教程的任务恰好都是模块级函数；它从没说过任务必须可以被 pickle。fork 启动方式下还有一个相关的陷阱："
                "在创建 Pool 之后才定义的模块级函数，工作进程并不知道，它们在反序列化时死掉，这个任务就像 "
                "pool.process.dead-worker-loses-its-task 中那样丢失。",
    },
    "pool.process.dead-worker-loses-its-task": {
        "statement": "如果 Pool 的工作进程在运行任务时死掉，池会启动一个替代进程，之后的任务仍然运行，但死掉的那个任务的结果永远不会到达："
                     "不带超时的 get() 会永远等待，get(timeout) 抛出 multiprocessing.TimeoutError。",
        "note": "教程没有提到；这正是对 Pool 结果的每次 get() 都需要超时的原因（concurrent.futures 则会报告 BrokenProcessPool）。",
    },
    "pool.cpu-count.logical-cpus-of-the-machine": {
        "statement": "cpu_count() 返回机器上在线的逻辑 CPU 数（硬件线程，而不是核），而不是本进程可以使用的 CPU 数："
                     "即使进程的 CPU 亲和性被限制到一个 CPU，它得到的仍是整台机器的数目；可用的数目是 len(os.sched_getaffinity(0))。",
        "note": "教程称它为“cpu核心数”，并按它确定池的大小。它统计的是逻辑 CPU，并且不理会亲和性掩码（taskset、容器的 cpuset），"
                "所以按它确定大小的池，工作者可能比它能用的 CPU 还多。Python 3.13 增加了 os.process_cpu_count() 来给出可用的数目。",
    },
}
