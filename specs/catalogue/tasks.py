"""并发与并行, 多任务, 多任务运行控制, 多任务标识, 进程相互通信, 线程的通信 (线程共享):
processes and threads, what runs at the same time, and how they are controlled and share data."""
from ..harness.claims import Claim
from ..harness.contract import Role

CP = "并发与并行"
MT = "多任务"
RC = "多任务运行控制"
ID = "多任务标识"
IPC = "进程相互通信"
TC = "线程的通信"

CLAIMS = [
    # ---------------------------------------------------------------- 并发与并行
    Claim(
        id="parallel.concurrency.one-cpu-interleaves",
        chapter=CP,
        section="并发",
        statement=(
            "Concurrency: two busy tasks confined to a single CPU are both in progress over the same stretch "
            "of time (each starts before the other finishes), taking turns on the processor."
        ),
        verdict="holds",
    ),
    Claim(
        id="parallel.concurrency.written-with-loops",
        chapter=CP,
        section="并发",
        statement="Concurrent code is simple to write but needs the process understood; it is mostly built on loops.",
        verdict="not-executable",
        note=(
            "A remark about programming style, not a behaviour any run can witness; the loop-driven concurrency "
            "it alludes to (a select/epoll event loop, a coroutine scheduler) is specified under IO多路复用 and 协程."
        ),
    ),
    Claim(
        id="parallel.parallelism.two-cpus-overlap",
        chapter=CP,
        section="并行",
        statement=(
            "Parallelism: two busy processes placed on two different CPUs run at the same instants: together they "
            "use close to two CPU seconds per wall second, so they take about as long as one of them alone, not the sum."
        ),
        verdict="holds",
        kind="timing",
    ),
    # ---------------------------------------------------------------- 多任务
    Claim(
        id="multitask.timeslice.one-cpu-only-concurrency",
        chapter=MT,
        section="CPU的时间片",
        statement=(
            "The operating system shares one CPU among runnable tasks in time slices: two busy processes on "
            "one CPU never run at the same instant, so together they take at least the sum of their CPU "
            "times, as long as running them one after the other; only more CPUs run them in parallel."
        ),
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="multitask.timeslice.priority-weights-the-share",
        chapter=MT,
        section="CPU的时间片",
        statement=(
            "Scheduling weighs priority: of two busy processes sharing one CPU, the one with the lowest "
            "priority (niceness 19) gets a much smaller share of the CPU than one at normal priority; at equal "
            "priority they get comparable shares."
        ),
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="multitask.process.definition",
        chapter=MT,
        section="进程",
        statement="A process is a program in execution, the unit to which the operating system gives memory and CPU time.",
        verdict="not-executable",
        note="A definition of a word; what it implies (own memory, own pid, scheduled by the OS) is specified by the claims that follow.",
    ),
    Claim(
        id="multitask.process.own-memory",
        chapter=MT,
        section="进程",
        statement=(
            "Every process has its own memory: once a child process exists, what the parent changes in its "
            "objects is not seen by the child, and what the child changes is not seen by the parent."
        ),
        verdict="holds",
    ),
    Claim(
        id="multitask.process.independent",
        chapter=MT,
        section="进程",
        statement=(
            "Processes are independent: a child that crashes or exits abruptly ends only itself; the parent "
            "and the other children carry on, and the parent learns how it ended from its exit code."
        ),
        verdict="holds",
    ),
    Claim(
        id="multitask.processes.offloaded-tasks-run-together",
        chapter=MT,
        section="多进程",
        statement=(
            "Slow tasks handed to child processes run at the same time as each other and as the parent's own "
            "work: they are all in progress together."
        ),
        verdict="holds",
    ),
    Claim(
        id="multitask.processes.offloaded-time-of-one",
        chapter=MT,
        section="多进程",
        statement=(
            "n slow (waiting) tasks offloaded to n processes while the parent does its own slow work take about "
            "the time of one task, not n + 1 times as long."
        ),
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="multitask.processes.are-os-processes",
        chapter=MT,
        section="多进程",
        statement=(
            "Each child is a separate operating-system process scheduled by the kernel: it has its own pid, "
            "its parent pid is the parent's, and the kernel lists it (/proc/<pid>) while it runs."
        ),
        verdict="holds",
    ),
    Claim(
        id="multitask.processes.return-value-not-returned",
        chapter=MT,
        section="多进程",
        statement=(
            "What a child process's target returns is discarded: the parent only learns the exit code (0 "
            "whatever was returned); a result must be sent back explicitly, e.g. through a multiprocessing Queue."
        ),
        verdict="refuted",
        kind="fact",
        note=(
            "The tutorial says the child's result is returned when it finishes. Process.start()/join() return "
            "None and the target's return value never leaves the child; only a Pool, a Queue, a Pipe or a "
            "Manager brings data back."
        ),
    ),
    Claim(
        id="multitask.processes.parallelism-is-real",
        chapter=MT,
        section="多进程",
        statement=(
            "Processes run truly in parallel on different cores: two processes doing CPU-bound work on a "
            "machine with two cores use clearly more than one CPU-second per wall-clock second (one core "
            "gives at most one), so the work takes clearly less time than in one process."
        ),
        verdict="refuted",
        kind="timing",
        note=(
            "The tutorial says this parallelism exists only 'at the Python level, not really'. Each process "
            "has its own interpreter and its own GIL, and the kernel runs them on different cores at the same "
            "instants: the speed-up is real (measured here on 2 CPUs: 1.18-1.99 CPU-seconds per wall second beside "
            "three busy loops; one CPU 0.98-1.00)."
        ),
    ),
    Claim(
        id="multitask.processes.beyond-cores",
        chapter=MT,
        section="多进程",
        statement=(
            "More processes than CPUs bring no speed-up for CPU-bound work (k CPUs finish the work no faster "
            "with more than k processes), but they still do for tasks that mostly wait (sleep, I/O)."
        ),
        verdict="refined",
        kind="timing",
        note=(
            "The tutorial says extra processes beyond the core count have no effect. That is true only for "
            "CPU-bound work; waiting tasks use no CPU, so more of them overlap however few cores there are."
        ),
    ),
    Claim(
        id="multitask.threads.many-in-one-process",
        chapter=MT,
        section="多线程",
        statement=(
            "A process can hold several threads: all of them report the process's pid, and the process's thread "
            "count grows by one for each thread running."
        ),
        verdict="holds",
    ),
    Claim(
        id="multitask.threads.preempted",
        chapter=MT,
        section="多线程",
        statement=(
            "A thread can be interrupted: one that computes without ever sleeping or waiting does not keep the "
            "other threads of its process from running."
        ),
        verdict="holds",
    ),
    Claim(
        id="multitask.threads.are-os-threads",
        chapter=MT,
        section="多线程",
        statement=(
            "Threads are operating-system threads scheduled by the kernel: each has its own kernel thread id "
            "(native_id), listed under /proc/self/task while it runs; the interpreter only decides which of "
            "them holds the GIL."
        ),
        verdict="refuted",
        kind="fact",
        note=(
            "The tutorial says threads are scheduled by the Python interpreter and processes by the OS. CPython "
            "threads are kernel threads that the OS schedules like processes; the GIL only limits how many of "
            "them run Python bytecode at once."
        ),
    ),
    Claim(
        id="multitask.threads.offloaded-tasks-run-together",
        chapter=MT,
        section="多线程",
        statement="Slow tasks handed to threads run at the same time as each other and as the main thread's own work.",
        verdict="holds",
    ),
    Claim(
        id="multitask.threads.offloaded-time-of-one",
        chapter=MT,
        section="多线程",
        statement=(
            "n slow (waiting) tasks offloaded to n threads while the main thread does its own slow work take "
            "about the time of one task."
        ),
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="multitask.gil.history",
        chapter=MT,
        section="GIL全局解释锁",
        statement="The GIL was added as the simplest way to keep the interpreter's state consistent once it had threads.",
        verdict="not-executable",
        note=(
            "History, which no run can witness. The tutorial's version is also skewed: threads came to Python "
            "(1992) for concurrency, not to use multiple cores, which the GIL in fact prevents for bytecode."
        ),
    ),
    Claim(
        id="multitask.gil.cpu-bound-threads-not-parallel",
        chapter=MT,
        section="GIL全局解释锁",
        statement=(
            "With the GIL, only one thread of a process runs Python bytecode at a time: pure-Python CPU-bound "
            "work in two threads takes about as long as doing it twice in a row. On a free-threaded build with "
            "the GIL disabled the two threads run in parallel and take clearly less."
        ),
        verdict="refined",
        kind="timing",
        note=(
            "True for CPython builds with the GIL (all that 3.9-3.12 offer). Free-threaded builds (3.13t, "
            "sys._is_gil_enabled() false) run Python threads in parallel; the spec checks whichever applies."
        ),
    ),
    Claim(
        id="multitask.gil.released-outside-bytecode",
        chapter=MT,
        section="GIL全局解释锁",
        statement=(
            "Threads do run at the same instants while they are outside Python bytecode: C code that releases "
            "the GIL (hashlib key derivation or hashing, compressing, I/O, sleeping) in two threads uses clearly "
            "more than one CPU-second per wall-clock second, so it takes clearly less than twice the time of one."
        ),
        verdict="refuted",
        kind="timing",
        note=(
            "The tutorial says only one thread in a process ever executes at a time, so threads can never be "
            "parallel. The GIL serialises only bytecode; blocking calls and many C functions release it and run "
            "in parallel on different cores."
        ),
    ),
    # ---------------------------------------------------------------- 多任务运行控制
    Claim(
        id="control.join.waits-for-the-child",
        chapter=RC,
        section="等待子任务结束",
        statement=(
            "join() on a thread or process blocks until that child has ended, whatever the other children do, "
            "and then returns None; the offloading helpers return only once every child has ended."
        ),
        verdict="holds",
    ),
    Claim(
        id="control.join.timeout-returns-with-child-alive",
        chapter=RC,
        section="等待子任务结束",
        statement=(
            "join(timeout) returns after the timeout even when the child is still running; is_alive() then "
            "tells the two cases apart."
        ),
        verdict="refined",
        note="The tutorial presents join() only as waiting until the end; with a timeout it may return with the child still running.",
    ),
    Claim(
        id="control.join.after-own-work",
        chapter=RC,
        section="等待子任务结束",
        statement=(
            "join() belongs after the parent's own work: what the parent does between start() and join() overlaps "
            "the children, whereas what it does after join() only starts once they have ended."
        ),
        verdict="refined",
        note=(
            "The tutorial puts join() 'at the end of the program' as a habit. The rule is that join() goes where "
            "the parent must know the child ended; work placed after it no longer overlaps the children."
        ),
    ),
    Claim(
        id="control.terminate.ends-a-process",
        chapter=RC,
        section="终止任务",
        statement=(
            "terminate() ends a running child process at once, whatever it was doing: it stops being alive, its "
            "exit code is -SIGTERM, and its remaining work never happens; children not terminated carry on."
        ),
        verdict="refined",
        note=(
            "Holds for the ending itself, with a caveat the tutorial omits: a child terminated while using a "
            "shared lock, Event or Queue leaves it broken (e.g. Event.set() then waits forever for the dead "
            "waiter), so terminated children must not share such objects with the survivors."
        ),
    ),
    Claim(
        id="control.terminate.threads-cannot-be-terminated",
        chapter=RC,
        section="终止任务",
        statement=(
            "A thread cannot be ended from outside: Thread has no terminate() or kill(); a thread stops only by "
            "returning, e.g. when it checks a stop Event set by another thread."
        ),
        verdict="refined",
        kind="fact",
        note="The tutorial says terminate() 'has no effect' on threads; there is no such method at all (AttributeError).",
    ),
    Claim(
        id="control.terminate.children-outlive-parent-code",
        chapter=RC,
        section="终止任务",
        statement=(
            "A non-daemon child process is not ended when the parent's code finishes: the parent interpreter "
            "waits for it at exit; and a parent that is killed leaves its children running."
        ),
        verdict="holds",
    ),
    Claim(
        id="control.name.set-and-renamed",
        chapter=RC,
        section="任务名字",
        statement=(
            "A thread or process has the name given at construction (a generated one otherwise); assigning .name "
            "renames it; the child sees the name it was started with."
        ),
        verdict="refined",
        note=(
            "The tutorial's example imports 'mltiprocessing' (a typo: ModuleNotFoundError). Renaming a process "
            "after start() changes only the parent's object: the child keeps the name it started with."
        ),
    ),
    Claim(
        id="control.current.is-the-running-child",
        chapter=RC,
        section="获取当前进程",
        statement=(
            "Inside a child, multiprocessing.current_process() / threading.current_thread() describe that child: "
            "the same name and pid / ident the parent sees on its object; in the parent they describe the parent."
        ),
        verdict="refined",
        note="The tutorial names it 'mltiprocessing.cuttent_process()' (two typos); the function is multiprocessing.current_process().",
    ),
    Claim(
        id="ident.pid.assigned-at-start-and-constant",
        chapter=ID,
        section="进程的pid",
        statement=(
            "A process's pid is None before start(); from start() on it is the child's own os.getpid(), different "
            "from the parent's and the other children's, and it never changes, even after the child has ended."
        ),
        verdict="holds",
    ),
    Claim(
        id="ident.pid.observe-and-control",
        chapter=ID,
        section="进程的pid",
        statement=(
            "With a child's pid one can observe it (/proc/<pid>) and control it with signals: SIGSTOP freezes it, "
            "SIGCONT resumes it, SIGKILL ends it."
        ),
        verdict="holds",
    ),
    Claim(
        id="ident.ident.threads-have-no-pid-of-their-own",
        chapter=ID,
        section="线程的ident",
        statement=(
            "Threads have no pid of their own (os.getpid() is the same in every thread of a process), but each "
            "has its own kernel thread id, native_id, distinct from the other threads'."
        ),
        verdict="refined",
        kind="fact",
        note="True that a thread has no pid; but the kernel does give each thread an id of its own (native_id, a TID).",
    ),
    Claim(
        id="ident.ident.assigned-at-start-and-constant",
        chapter=ID,
        section="线程的ident",
        statement=(
            "A thread's ident is None before start(); from start() on it equals threading.get_ident() inside that "
            "thread, differs from every other live thread's, and does not change while the thread runs."
        ),
        verdict="refined",
        note=(
            "The tutorial says ident exists so the interpreter can schedule threads, like a pid. It is only a "
            "label (the C thread handle), unique among live threads and reusable after one ends; the OS "
            "schedules threads by their native_id."
        ),
    ),
    Claim(
        id="control.lifecycle.alive-from-start-to-end",
        chapter=RC,
        section="生存周期",
        statement=(
            "is_alive() is false after construction, true from start() while the child runs, and false once it "
            "has ended; an ended child cannot be started again."
        ),
        verdict="holds",
    ),
    Claim(
        id="control.daemon.process-ended-with-parent",
        chapter=RC,
        section="守护模式",
        statement=(
            "A daemon child process is ended when the parent's code finishes (before the parent waits for its "
            "non-daemon children), so it never outlives the parent."
        ),
        verdict="holds",
    ),
    Claim(
        id="control.daemon.process-has-no-children",
        chapter=RC,
        section="守护模式",
        statement=(
            "A daemon process may not start processes of its own: Process.start() inside it raises AssertionError "
            "('daemonic processes are not allowed to have children') and no grandchild runs, while a non-daemon "
            "child may start one. Threads are not affected: a daemon process starts threads as any process does."
        ),
        verdict="refined",
        note=(
            "Not in the tutorial, which shows only that a daemon child ends with its parent. It matters for its "
            "pool servers: Pool workers are daemon processes, so each can run a ThreadPool (the second pool "
            "server does) but not a process Pool of its own."
        ),
        kind="fact",
    ),
    Claim(
        id="control.daemon.non-daemon-process-awaited",
        chapter=RC,
        section="守护模式",
        statement=(
            "When the parent's code finishes, the parent process keeps running until every non-daemon child has "
            "ended, reaps it, and only then exits."
        ),
        verdict="holds",
    ),
    Claim(
        id="control.daemon.daemon-thread-does-not-keep-process",
        chapter=RC,
        section="守护模式",
        statement="Daemon threads do not keep a process alive: it exits when its non-daemon threads are done, daemon threads still running.",
        verdict="holds",
    ),
    Claim(
        id="control.daemon.non-daemon-thread-keeps-process",
        chapter=RC,
        section="守护模式",
        statement="A non-daemon thread keeps its process alive after the main thread's code has finished, until the thread returns.",
        verdict="holds",
    ),
    Claim(
        id="control.oop.subclass-overrides-run",
        chapter=RC,
        section="面向对象编程",
        statement=(
            "Process and Thread can be subclassed: a subclass that overrides run() and calls the base __init__ "
            "runs its run() in a new process / thread on start(), and keeps every control method working."
        ),
        verdict="refined",
        note="The tutorial gives no example; the two conditions (call the base __init__, override run() not start()) are where subclasses go wrong.",
    ),
    # ---------------------------------------------------------------- 进程相互通信
    Claim(
        id="ipc.isolation.global-assignment-stays-in-child",
        chapter=IPC,
        section="通信隔离",
        statement="A child process that assigns a global variable (declared global) changes only its own copy: the parent's value is unchanged.",
        verdict="holds",
    ),
    Claim(
        id="ipc.manager.dict-carries-child-updates",
        chapter=IPC,
        section="Manager",
        statement=(
            "A Manager dict handed to a child process carries the child's updates back: after join() the parent "
            "sees its own entries updated by the child's."
        ),
        verdict="refined",
        note=(
            "The tutorial's program does not run: it calls multiprocessing.Manger (a typo), passes args to a "
            "function that takes none (the child dies with TypeError), and creates the Manager at import time "
            "(see ipc.manager.created-under-main-guard)."
        ),
    ),
    Claim(
        id="ipc.manager.list-carries-child-appends",
        chapter=IPC,
        section="Manager",
        statement="A Manager can hold a list too: what children append through the list proxy is seen by the parent.",
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="ipc.manager.is-a-server-process",
        chapter=IPC,
        section="Manager",
        statement=(
            "The Manager's 'shared space' is a server process that holds the objects; proxies send it every "
            "operation. Starting a Manager starts a child process, and once it is shut down the proxies fail."
        ),
        verdict="refined",
        kind="fact",
        note="The tutorial calls it a common space; it is not shared memory but a separate process that proxies talk to.",
    ),
    Claim(
        id="ipc.manager.proxy-shows-contents",
        chapter=IPC,
        section="Manager",
        statement="Printing a Manager dict proxy shows the shared dict's current contents ({} when empty), like printing the dict itself.",
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="ipc.manager.nested-mutation-lost",
        chapter=IPC,
        section="Manager",
        statement=(
            "Mutating a value stored in a Manager dict through the proxy (d[k].append(x)) changes a copy and is "
            "lost; the change is kept only when the value is assigned back (d[k] = v)."
        ),
        verdict="refined",
        kind="fact",
        note="A pitfall the tutorial does not mention: d[k] returns a copy of the stored value, not a reference into the shared dict.",
    ),
    Claim(
        id="ipc.manager.created-under-main-guard",
        chapter=IPC,
        section="Manager",
        statement=(
            "A program that creates its Manager at module level works only under the fork start method; under "
            "spawn (the default on macOS and Windows) the Manager's server process re-imports the module, tries "
            "to start a Manager while bootstrapping and dies, so the program fails: the Manager must be created "
            "under `if __name__ == '__main__':`."
        ),
        verdict="refined",
        kind="fact",
        note="The tutorial creates the Manager at import time, which happens to work on Linux (fork) only.",
    ),
    # ---------------------------------------------------------------- 线程的通信
    Claim(
        id="ipc.threads.share-globals",
        chapter=TC,
        section="线程共享",
        statement="Threads share their process's memory: a thread's assignment to a global and its changes to shared objects are seen by the main thread.",
        verdict="holds",
    ),
]

ROLES = [
    Role(
        name="run_in_processes",
        signature="run_in_processes(tasks, own_work)",
        summary=(
            "The tutorial's multiprocessing demo: start one child process per (func, args) pair in tasks, then "
            "call own_work() in the calling process while they run, then wait until every child has ended; "
            "return own_work()'s result."
        ),
        params=("tasks", "own_work"),
    ),
    Role(
        name="run_in_threads",
        signature="run_in_threads(tasks, own_work)",
        summary="The tutorial's threading demo: as run_in_processes, with one thread per task.",
        params=("tasks", "own_work"),
    ),
    Role(
        name="TaskProcess",
        signature="TaskProcess(func, args=(), **process_kwargs)",
        summary=(
            "A subclass of multiprocessing.Process whose run() calls func(*args); other keywords (name, daemon) "
            "are Process's."
        ),
        params=("func",),
    ),
    Role(
        name="TaskThread",
        signature="TaskThread(func, args=(), **thread_kwargs)",
        summary="A subclass of threading.Thread whose run() calls func(*args); other keywords (name, daemon) are Thread's.",
        params=("func",),
    ),
    Role(
        name="share_dict_with_child",
        signature="share_dict_with_child(parent_updates, child_updates)",
        summary=(
            "The tutorial's Manager program, corrected: make a Manager dict, apply parent_updates in the parent, "
            "have a child process apply child_updates to it, wait for the child, and return the dict's contents "
            "as a plain dict."
        ),
        params=("parent_updates", "child_updates"),
    ),
]
