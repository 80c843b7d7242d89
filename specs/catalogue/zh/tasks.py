"""Chinese of the claims in specs/catalogue/tasks.py (并发与并行, 多任务, 多任务运行控制, 多任务标识,
进程相互通信, 线程共享)."""

ZH = {
    "parallel.concurrency.one-cpu-interleaves": {
        "statement": "并发：两个繁忙的任务被限制在同一个 CPU 上时，在同一段时间内都在进行（每个都在另一个结束之前开始），"
                     "轮流使用处理器。",
    },
    "parallel.concurrency.written-with-loops": {
        "statement": "并发代码写起来简单，但需要理解其执行过程；它大多是用循环构建的。",
        "note": "这是关于编程风格的说法，不是任何运行能够验证的行为；它暗指的由循环驱动的并发（select/epoll 事件循环、协程调度器）"
                "在“IO多路复用”和“协程”两章中有对应的论断。",
    },
    "parallel.parallelism.two-cpus-overlap": {
        "statement": "并行：两个繁忙的进程放在两个不同的 CPU 上时，在同一时刻都在运行：它们合起来每秒墙钟时间用掉接近两秒 CPU 时间，"
                     "所以花的时间和只运行其中一个差不多，而不是两者之和。",
    },
    "multitask.timeslice.one-cpu-only-concurrency": {
        "statement": "操作系统按时间片把一个 CPU 分给可运行的任务：同一个 CPU 上的两个繁忙进程从不在同一时刻运行，"
                     "所以它们合起来至少要花两者 CPU 时间之和，和先后运行一样长；只有多个 CPU 才能让它们并行。",
    },
    "multitask.timeslice.priority-weights-the-share": {
        "statement": "调度会考虑优先级：共享一个 CPU 的两个繁忙进程中，优先级最低（nice 值 19）的那个得到的 CPU 份额远小于普通优先级的那个；"
                     "优先级相同时，两者得到的份额相当。",
    },
    "multitask.process.definition": {
        "statement": "进程是正在执行的程序，是操作系统分配内存和 CPU 时间的单位。",
        "note": "这是一个词的定义；它的含义（独立的内存、独立的 pid、由操作系统调度）由后面的论断来规定。",
    },
    "multitask.process.own-memory": {
        "statement": "每个进程都有自己的内存：子进程创建之后，父进程对自己对象的修改子进程看不到，子进程的修改父进程也看不到。",
    },
    "multitask.process.independent": {
        "statement": "进程之间相互独立：一个子进程崩溃或突然退出，只结束它自己；父进程和其他子进程继续运行，"
                     "父进程可以从它的退出码得知它是怎样结束的。",
    },
    "multitask.processes.offloaded-tasks-run-together": {
        "statement": "交给子进程的耗时任务彼此之间、以及和父进程自己的工作同时运行：它们都在同一段时间内进行。",
    },
    "multitask.processes.offloaded-time-of-one": {
        "statement": "把 n 个耗时（等待型）任务交给 n 个进程，同时父进程做自己的耗时工作，总共只需要大约一个任务的时间，"
                     "而不是 n + 1 倍。",
    },
    "multitask.processes.are-os-processes": {
        "statement": "每个子进程都是由内核调度的独立操作系统进程：它有自己的 pid，它的父进程 pid 就是父进程的 pid，"
                     "运行期间内核会列出它（/proc/<pid>）。",
    },
    "multitask.processes.return-value-not-returned": {
        "statement": "子进程的目标函数返回的值会被丢弃：父进程只能得知退出码（不论返回什么都是 0）；结果必须显式地传回，"
                     "例如通过 multiprocessing 的 Queue。",
        "note": "教程说子进程结束时会返回它的结果。Process.start()/join() 返回 None，目标函数的返回值从不离开子进程；"
                "只有 Pool、Queue、Pipe 或 Manager 才能把数据带回来。",
    },
    "multitask.processes.parallelism-is-real": {
        "statement": "进程在不同的核上真正并行运行：在双核机器上，两个做 CPU 密集型工作的进程每秒墙钟时间用掉明显多于一秒的 CPU 时间"
                     "（一个核最多一秒），所以完成这些工作明显比在一个进程里快。",
        "note": "教程说这种并行只是“Python 层面的，不是真正的”。每个进程有自己的解释器和自己的 GIL，内核让它们在同一时刻运行在不同的核上："
                "加速是真实的（这里在 2 个 CPU 上测得：在三个繁忙循环旁边为每秒 1.18-1.99 秒 CPU 时间；单个 CPU 为 0.98-1.00）。",
    },
    "multitask.processes.beyond-cores": {
        "statement": "对 CPU 密集型工作，进程数多于 CPU 数不会带来加速（k 个 CPU 用多于 k 个进程也不会更快完成），"
                     "但对主要在等待的任务（sleep、I/O）仍然有加速。",
        "note": "教程说超过核数的进程没有作用。这只对 CPU 密集型工作成立；等待中的任务不占用 CPU，所以不论核有多少，更多的任务都能重叠进行。",
    },
    "multitask.threads.many-in-one-process": {
        "statement": "一个进程可以包含多个线程：它们报告的都是这个进程的 pid，每多运行一个线程，进程的线程数就加一。",
    },
    "multitask.threads.preempted": {
        "statement": "线程可以被打断：一个只计算、从不 sleep 或等待的线程，并不会阻止同一进程里的其他线程运行。",
    },
    "multitask.threads.are-os-threads": {
        "statement": "线程是由内核调度的操作系统线程：每个线程有自己的内核线程号（native_id），运行期间列在 /proc/self/task 下；"
                     "解释器只决定它们中谁持有 GIL。",
        "note": "教程说线程由 Python 解释器调度、进程由操作系统调度。CPython 的线程就是内核线程，操作系统像调度进程一样调度它们；"
                "GIL 只限制同一时刻有几个线程在执行 Python 字节码。",
    },
    "multitask.threads.offloaded-tasks-run-together": {
        "statement": "交给线程的耗时任务彼此之间、以及和主线程自己的工作同时运行。",
    },
    "multitask.threads.offloaded-time-of-one": {
        "statement": "把 n 个耗时（等待型）任务交给 n 个线程，同时主线程做自己的耗时工作，总共只需要大约一个任务的时间。",
    },
    "multitask.gil.history": {
        "statement": "加入 GIL 是在解释器有了线程之后，保持解释器状态一致的最简单办法。",
        "note": "这是历史，任何运行都无法验证。教程的说法也有偏差：Python 引入线程（1992 年）是为了并发，而不是为了利用多核——"
                "对字节码来说，GIL 恰恰阻止了多核并行。",
    },
    "multitask.gil.cpu-bound-threads-not-parallel": {
        "statement": "有 GIL 时，一个进程中同一时刻只有一个线程执行 Python 字节码：把纯 Python 的 CPU 密集型工作放在两个线程里，"
                     "花的时间和连续做两遍差不多。在禁用了 GIL 的自由线程版本上，两个线程并行运行，花的时间明显更少。",
        "note": "对带 GIL 的 CPython 版本成立（3.9-3.12 都是这样）。自由线程版本（3.13t，sys._is_gil_enabled() 为假）"
                "让 Python 线程并行运行；测试按实际情况检验相应的一种。",
    },
    "multitask.gil.released-outside-bytecode": {
        "statement": "线程在执行 Python 字节码之外时确实会在同一时刻运行：两个线程里释放 GIL 的 C 代码（hashlib 的密钥派生或哈希、压缩、"
                     "I/O、sleep）每秒墙钟时间用掉明显多于一秒的 CPU 时间，所以花的时间明显少于单个线程的两倍。",
        "note": "教程说一个进程中任何时刻只有一个线程在执行，所以线程永远不能并行。GIL 只让字节码串行执行；"
                "阻塞调用和许多 C 函数会释放 GIL，在不同的核上并行运行。",
    },
    "control.join.waits-for-the-child": {
        "statement": "对线程或进程调用 join() 会阻塞，直到这个子任务结束（不论其他子任务怎样），然后返回 None；"
                     "分派任务的辅助函数只在所有子任务都结束后才返回。",
    },
    "control.join.timeout-returns-with-child-alive": {
        "statement": "join(timeout) 在超时后就返回，即使子任务仍在运行；之后用 is_alive() 区分这两种情况。",
        "note": "教程只把 join() 说成等到结束；带超时的 join() 返回时子任务可能仍在运行。",
    },
    "control.join.after-own-work": {
        "statement": "join() 应该放在父任务自己的工作之后：父任务在 start() 和 join() 之间做的事与子任务重叠进行，"
                     "而在 join() 之后做的事要等子任务结束才开始。",
        "note": "教程把 join() 放在“程序最后”当作习惯。规则是：在父任务必须知道子任务已经结束的地方才调用 join()；"
                "放在它后面的工作不再与子任务重叠。",
    },
    "control.terminate.ends-a-process": {
        "statement": "terminate() 立即结束一个正在运行的子进程，不论它在做什么：它不再存活，退出码是 -SIGTERM，剩下的工作永远不会执行；"
                     "没有被终止的子进程继续运行。",
        "note": "结束本身成立，但有一个教程没提的问题：子进程在使用共享的锁、Event 或 Queue 时被终止，会让这些对象损坏"
                "（例如 Event.set() 随后会一直等待那个已死的等待者），所以被终止的子进程不能与存活的进程共享这类对象。",
    },
    "control.terminate.threads-cannot-be-terminated": {
        "statement": "线程不能从外部结束：Thread 没有 terminate() 或 kill()；线程只能通过返回来停止，例如检查到另一个线程设置的停止 Event 时返回。",
        "note": "教程说 terminate() 对线程“没有效果”；实际上线程根本没有这个方法（AttributeError）。",
    },
    "control.terminate.children-outlive-parent-code": {
        "statement": "父进程的代码执行完时，非守护子进程不会被结束：父解释器在退出时等待它；父进程被杀死时，它的子进程继续运行。",
    },
    "control.name.set-and-renamed": {
        "statement": "线程或进程的名字是构造时给定的（否则是自动生成的）；给 .name 赋值可以改名；子任务看到的是它启动时的名字。",
        "note": "教程的例子导入的是 “mltiprocessing”（拼写错误：ModuleNotFoundError）。在 start() 之后给进程改名只改变父进程里的对象："
                "子进程保留它启动时的名字。",
    },
    "control.current.is-the-running-child": {
        "statement": "在子任务内部，multiprocessing.current_process() / threading.current_thread() 描述的是这个子任务："
                     "名字和 pid / ident 与父任务在它的对象上看到的相同；在父任务中，它们描述的是父任务。",
        "note": "教程把它写成 “mltiprocessing.cuttent_process()”（两处拼写错误）；函数是 multiprocessing.current_process()。",
    },
    "ident.pid.assigned-at-start-and-constant": {
        "statement": "进程的 pid 在 start() 之前是 None；从 start() 起，它就是子进程自己的 os.getpid()，与父进程和其他子进程的都不同，"
                     "而且永远不变，即使子进程已经结束。",
    },
    "ident.pid.observe-and-control": {
        "statement": "有了子进程的 pid，就可以观察它（/proc/<pid>）并用信号控制它：SIGSTOP 让它暂停，SIGCONT 让它继续，SIGKILL 结束它。",
    },
    "ident.ident.threads-have-no-pid-of-their-own": {
        "statement": "线程没有自己的 pid（一个进程中每个线程的 os.getpid() 都相同），但每个线程都有自己的内核线程号 native_id，与其他线程的不同。",
        "note": "线程没有 pid 这一点是对的；但内核确实给每个线程一个自己的编号（native_id，即 TID）。",
    },
    "ident.ident.assigned-at-start-and-constant": {
        "statement": "线程的 ident 在 start() 之前是 None；从 start() 起，它等于该线程内部的 threading.get_ident()，"
                     "与其他存活线程的都不同，并且在线程运行期间不变。",
        "note": "教程说 ident 像 pid 一样是为了让解释器调度线程。它只是一个标签（C 层的线程句柄），在存活的线程中唯一，"
                "线程结束后可能被重用；操作系统按 native_id 调度线程。",
    },
    "control.lifecycle.alive-from-start-to-end": {
        "statement": "is_alive() 在构造之后为假，从 start() 起在子任务运行期间为真，子任务结束后为假；已结束的子任务不能再次启动。",
    },
    "control.daemon.process-ended-with-parent": {
        "statement": "父进程的代码执行完时，守护子进程会被结束（在父进程等待非守护子进程之前），所以它从不比父进程活得久。",
    },
    "control.daemon.process-has-no-children": {
        "statement": "守护进程不能再创建自己的子进程：在它里面调用 Process.start() 会抛出 AssertionError"
                     "（'daemonic processes are not allowed to have children'），孙进程不会运行；而非守护子进程可以创建。"
                     "线程不受影响：守护进程和其他进程一样可以启动线程。",
        "note": "教程没有提到这一点，它只展示了守护子进程随父进程结束。这对它的池服务器很重要：Pool 的工作进程是守护进程，"
                "所以每个工作进程可以运行 ThreadPool（第二种池服务器就是这样），但不能运行自己的进程 Pool。",
    },
    "control.daemon.non-daemon-process-awaited": {
        "statement": "父进程的代码执行完后，父进程继续运行，直到每个非守护子进程都结束并被它回收，然后才退出。",
    },
    "control.daemon.daemon-thread-does-not-keep-process": {
        "statement": "守护线程不会让进程保持存活：非守护线程都结束后进程就退出，即使守护线程仍在运行。",
    },
    "control.daemon.non-daemon-thread-keeps-process": {
        "statement": "主线程的代码执行完后，非守护线程会让它的进程继续存活，直到这个线程返回。",
    },
    "control.oop.subclass-overrides-run": {
        "statement": "Process 和 Thread 可以被继承：子类重写 run() 并调用基类的 __init__，start() 时就会在新的进程 / 线程中运行它的 run()，"
                     "并且所有控制方法都照常可用。",
        "note": "教程没有给出例子；这两个条件（调用基类的 __init__，重写 run() 而不是 start()）正是子类容易出错的地方。",
    },
    "ipc.isolation.global-assignment-stays-in-child": {
        "statement": "子进程给全局变量赋值（用 global 声明）只改变它自己的副本：父进程中的值不变。",
    },
    "ipc.manager.dict-carries-child-updates": {
        "statement": "交给子进程的 Manager 字典会把子进程的修改带回来：join() 之后，父进程看到自己的条目被子进程更新了。",
        "note": "教程的程序无法运行：它调用 multiprocessing.Manger（拼写错误），把 args 传给一个不接受参数的函数"
                "（子进程因 TypeError 而死），并且在导入时就创建 Manager（见 ipc.manager.created-under-main-guard）。",
    },
    "ipc.manager.list-carries-child-appends": {
        "statement": "Manager 也可以保存列表：子进程通过列表代理追加的内容，父进程能看到。",
    },
    "ipc.manager.is-a-server-process": {
        "statement": "Manager 的“共享空间”是一个保存这些对象的服务器进程；代理把每个操作发给它。启动 Manager 会启动一个子进程，"
                     "Manager 关闭之后，代理的操作就会失败。",
        "note": "教程称它为公共空间；它不是共享内存，而是一个由代理与之通信的独立进程。",
    },
    "ipc.manager.proxy-shows-contents": {
        "statement": "打印 Manager 字典的代理，显示的是共享字典当前的内容（为空时是 {}），就像打印字典本身一样。",
    },
    "ipc.manager.nested-mutation-lost": {
        "statement": "通过代理修改 Manager 字典中保存的值（d[k].append(x)）改的是一个副本，修改会丢失；只有把值重新赋回去（d[k] = v）才会保留。",
        "note": "这是教程没有提到的陷阱：d[k] 返回的是所存值的副本，而不是指向共享字典内部的引用。",
    },
    "ipc.manager.created-under-main-guard": {
        "statement": "在模块顶层创建 Manager 的程序只在 fork 启动方式下能工作；在 spawn 方式下（macOS 和 Windows 的默认方式），"
                     "Manager 的服务器进程会重新导入该模块，在启动过程中又试图启动一个 Manager 而死掉，于是程序失败："
                     "Manager 必须在 `if __name__ == '__main__':` 之下创建。",
        "note": "教程在导入时创建 Manager，这恰好只在 Linux（fork）上能工作。",
    },
    "ipc.threads.share-globals": {
        "statement": "线程共享所在进程的内存：一个线程对全局变量的赋值、对共享对象的修改，主线程都能看到。",
    },
}
