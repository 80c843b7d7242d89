"""协程: coroutines — generators, greenlet, gevent, and synchronous versus asynchronous runs."""
from ..harness.claims import Claim
from ..harness.contract import Role

CO = "协程"
GEN = "生成器"
GEV = "gevent"

CLAIMS = [
    # 协程 / 概念
    Claim(
        id="coro.concept.one-thread-concurrency",
        chapter=CO,
        section="概念",
        statement=(
            "Coroutines interleave several flows of control inside one OS thread: every step of a greenlet "
            "program runs on the thread that started it, and spawning many greenlets adds no OS thread."
        ),
        verdict="holds",
    ),
    Claim(
        id="coro.concept.micro-thread-name",
        chapter=CO,
        section="概念",
        statement="Coroutines are also known as micro-threads.",
        verdict="not-executable",
        kind="fact",
        note="A name, not a behaviour: no run of a program can confirm or refute what something is called.",
    ),
    Claim(
        id="coro.concept.user-scheduled",
        chapter=CO,
        section="概念",
        statement=(
            "The program, not the OS, decides when a coroutine gives way: a greenlet that never switches or "
            "waits runs to the end of its work before any other greenlet gets a turn, however long it takes."
        ),
        verdict="holds",
    ),
    # 协程 / 优点
    Claim(
        id="coro.advantage.switch-cheaper-than-threads",
        chapter=CO,
        section="优点",
        statement=(
            "Handing control between two coroutines (a generator send, a greenlet switch) costs far less than "
            "handing control between two OS threads that wake each other."
        ),
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="coro.advantage.invisible-to-os",
        chapter=CO,
        section="优点",
        statement="The OS does not see coroutines: the process's count of OS threads stays the same however many greenlets it runs.",
        verdict="holds",
    ),
    Claim(
        id="coro.advantage.overlaps-waits-in-one-thread",
        chapter=CO,
        section="优点",
        statement=(
            "One thread running gevent greenlets gets concurrency: while one greenlet waits on a cooperative "
            "call, the others run, so their waits overlap and the thread does not sit idle while any can run."
        ),
        verdict="refined",
        note=(
            "The tutorial says coroutines make the most of the CPU. They only fill time a task would otherwise "
            "spend waiting, and only for waits gevent can switch on (patched or gevent's own calls); they never "
            "use more than one core (see coro.drawback.one-core)."
        ),
    ),
    # 协程 / 缺点
    Claim(
        id="coro.drawback.one-core",
        chapter=CO,
        section="缺点",
        statement="Coroutines of one thread cannot use several cores: CPU-bound greenlets run one after another, so two take about twice as long as one.",
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="coro.drawback.combine-with-processes",
        chapter=CO,
        section="缺点",
        statement="To use several cores, a program can run several processes, each with threads, each running coroutines.",
        verdict="not-executable",
        kind="fact",
        note=(
            "Design advice rather than a property of a run; that separate processes run in parallel is the "
            "business of the 多进程 claims."
        ),
    ),
    Claim(
        id="coro.drawback.blocking-call-blocks-thread",
        chapter=CO,
        section="缺点",
        statement=(
            "A coroutine inside a call that really blocks (one gevent has not made cooperative) stops every "
            "other coroutine of its thread: none of them takes a step until the call returns."
        ),
        verdict="holds",
    ),
    # 协程 / 特点
    Claim(
        id="coro.trait.bound-to-one-thread",
        chapter=CO,
        section="特点",
        statement="A greenlet belongs to the thread that created it: switching to it from another thread is refused with greenlet.error.",
        verdict="holds",
    ),
    Claim(
        id="coro.trait.no-lock-while-no-switch",
        chapter=CO,
        section="特点",
        statement=(
            "Greenlets that take turns updating shared data (switching among each other between updates) need "
            "no lock as long as nothing inside the read-modify-write can switch: then no update is lost. With a switch between the read and the write (any gevent-aware "
            "blocking call, even sleep(0)), updates are lost just as with threads."
        ),
        verdict="refined",
        note=(
            "The tutorial says shared data needs no lock, without the condition: it holds only while no switch "
            "can happen inside the update. Under gevent any patched blocking call (a print to a socket, a sleep, "
            "a log write to a pipe) is such a switch, and then a lock (gevent.lock) is needed."
        ),
    ),
    Claim(
        id="coro.trait.own-stacks",
        chapter=CO,
        section="特点",
        statement="Each coroutine keeps its own stack: a greenlet paused deep in nested calls resumes there with all its local variables intact.",
        verdict="holds",
    ),
    Claim(
        id="coro.trait.auto-switch-on-io",
        chapter=CO,
        section="特点",
        statement=(
            "Generators and plain greenlet never switch on their own; gevent switches to another greenlet when "
            "one waits on IO, but only for calls it made cooperative (monkey-patched or its own): a greenlet "
            "waiting in a patched recv() lets the others run, while one waiting in the original recv() blocks "
            "them all. On Linux its event loop uses epoll."
        ),
        verdict="refined",
        note=(
            "The tutorial says gevent detects IO and switches, by a select mechanism. It switches only on calls "
            "it has patched or provides itself; a blocking call it does not know still blocks everything. Its "
            "loop (libev or libuv) uses epoll on Linux, not select."
        ),
    ),
    # 协程 / 生成器
    Claim(
        id="gen.yields-in-order-then-stops",
        chapter=CO,
        section="生成器",
        statement="Iterating a generator gives the values it yields in order, then stops.",
        verdict="holds",
    ),
    Claim(
        id="gen.next-after-exhaustion-raises",
        chapter=CO,
        section="生成器",
        statement="Once a for loop has used up a generator, next() on it raises StopIteration; there is nothing left to take.",
        verdict="refuted",
        kind="fact",
        note=(
            "The tutorial's example calls next() on the generator right after a for loop that exhausted it, "
            "presenting it as another way to take a value; that call raises StopIteration."
        ),
    ),
    Claim(
        id="gen.body-runs-between-requests",
        chapter=CO,
        section="生成器",
        statement=(
            "A generator's body runs only when a value is requested, and only up to the next yield: creating it "
            "runs nothing, and each next() runs exactly the code between two yields."
        ),
        verdict="holds",
    ),
    Claim(
        id="gen.send-delivers-to-yield",
        chapter=CO,
        section="生成器",
        statement=(
            "send(value) resumes a paused generator with value as the result of its yield expression and returns "
            "the next value it yields; next() resumes it with None."
        ),
        verdict="holds",
    ),
    Claim(
        id="gen.prime-before-send",
        chapter=CO,
        section="生成器",
        statement=(
            "A generator must be started (next() or send(None)) before it can receive a value: sending anything "
            "else to a generator that has not started raises TypeError."
        ),
        verdict="holds",
    ),
    # 生成器 / 生产者和消费者模型
    Claim(
        id="gen.pc.alternates",
        chapter=GEN,
        section="生产者和消费者模型",
        statement=(
            "In the generator producer/consumer, the producer sends each item to a consumer generator, which "
            "consumes it before the next is produced: the steps strictly alternate and every item reaches the "
            "consumer, in order."
        ),
        verdict="holds",
    ),
    Claim(
        id="gen.pc.no-threads",
        chapter=GEN,
        section="生产者和消费者模型",
        statement="The generator producer/consumer uses neither threads nor processes: every step runs on the caller's own thread and process.",
        verdict="holds",
    ),
    # 协程 / greenlet
    Claim(
        id="greenlet.third-party",
        chapter=CO,
        section="greenlet",
        statement="greenlet and gevent are third-party packages, installed separately (pip), not part of the standard library.",
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="greenlet.switch-delivers-value",
        chapter=CO,
        section="greenlet",
        statement=(
            "g.switch(value) resumes greenlet g with value as the result of the switch() it is paused in "
            "(the first switch passes its arguments to g's function); switch() with no arguments delivers ()."
        ),
        verdict="holds",
    ),
    Claim(
        id="greenlet.pc.alternates",
        chapter=CO,
        section="greenlet",
        statement=(
            "In the greenlet producer/consumer, for each item the producer produces it, the consumer (a greenlet "
            "of its own) consumes it, and the producer then finishes it, before the next item; every item is consumed in order, and the "
            "program returns to its caller when the producer is done."
        ),
        verdict="holds",
    ),
    Claim(
        id="greenlet.slower-than-generators",
        chapter=CO,
        section="greenlet",
        statement="A greenlet switch costs several times more than a generator's send(): greenlet does not outperform generators at switching.",
        verdict="refuted",
        kind="timing",
        note=(
            "The tutorial says greenlet, coming from Stackless Python, performs much better than generators. "
            "Measured here a generator send() is about ten times cheaper (0.04 µs against 0.4 µs per switch): a "
            "generator resumes one saved frame, while greenlet copies slices of the C stack in and out on every "
            "switch. greenlet's advantage is convenience (switching from any depth of calls), not speed."
        ),
    ),
    Claim(
        id="greenlet.from-stackless",
        chapter=CO,
        section="greenlet",
        statement="greenlet packages the coroutines of Stackless Python as a module for standard CPython, and is more convenient than generators when there are many coroutines.",
        verdict="not-executable",
        kind="fact",
        note="History and a judgement of convenience: no run of a program bears on either.",
    ),
    Claim(
        id="greenlet.blocking-not-solved",
        chapter=CO,
        section="greenlet",
        statement="greenlet alone does not make blocking calls cooperative: two greenlets that each sleep with time.sleep() sleep one after the other, never at the same time.",
        verdict="holds",
    ),
    Claim(
        id="greenlet.waiting-time-wasted",
        chapter=CO,
        section="greenlet",
        statement="While a plain greenlet sleeps or blocks, no other greenlet does anything: the waiting time is not used for other work.",
        verdict="refuted",
        note=(
            "The tutorial admits greenlet does not solve blocking IO but says the waiting time is used for other "
            "work. It is not: a blocked greenlet blocks its whole thread, and the other greenlets run only when it "
            "switches explicitly, after the wait."
        ),
    ),
    # 协程 / gevent
    Claim(
        id="gevent.monkey.needed-for-stdlib",
        chapter=CO,
        section="gevent",
        statement=(
            "Without monkey patching, greenlets spawned by gevent that wait with the standard library's "
            "time.sleep() wait one after another; after monkey.patch_all() their waits overlap. gevent's own "
            "gevent.sleep() overlaps with or without patching."
        ),
        verdict="refined",
        note=(
            "The tutorial says gevent needs the monkey patch. It needs it for the standard library's blocking "
            "calls (time, socket, select, threading, ...); gevent's own API (gevent.sleep, gevent.socket, "
            "gevent.queue) cooperates without it."
        ),
    ),
    Claim(
        id="gevent.monkey.patch-before-imports",
        chapter=CO,
        section="gevent",
        statement=(
            "Monkey patching replaces module attributes: a name imported from a module before patch_all() "
            "(from time import sleep) keeps the original, blocking function. That is why the patch goes first."
        ),
        verdict="holds",
    ),
    Claim(
        id="gevent.hub.epoll-and-greenlet",
        chapter=CO,
        section="gevent",
        statement="gevent is built on greenlet (its greenlets are greenlet.greenlet objects) and an event loop that uses epoll on Linux.",
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="gevent.joinall-waits-for-all",
        chapter=CO,
        section="gevent",
        statement="gevent.joinall(greenlets) returns only when every greenlet given has finished.",
        verdict="holds",
    ),
    # gevent / 生产者和消费者模型
    Claim(
        id="gevent.pc.bounded-queue",
        chapter=GEV,
        section="生产者和消费者模型",
        statement=(
            "The gevent producer/consumer over a gevent Queue(3) consumes every item, in order, and the producer "
            "is never more than three items ahead of the consumer: its put() waits while three are pending."
        ),
        verdict="holds",
    ),
    Claim(
        id="gevent.pc.spawn-extra-argument",
        chapter=GEV,
        section="生产者和消费者模型",
        statement=(
            "gevent.spawn(f, arg) calls f(arg): a function that takes no argument dies at once with TypeError, "
            "and joinall() still returns, so nothing is produced or consumed."
        ),
        verdict="refuted",
        note=(
            "The tutorial's program spawns producer and consumer with the queue as an argument, but defines both "
            "without parameters: both greenlets die with TypeError before doing anything (gevent prints the "
            "tracebacks) and the program ends having produced nothing. Passing the queue and taking it, or "
            "spawning without it, fixes it."
        ),
    ),
    # 协程 / 实现异步
    Claim(
        id="async.sync-takes-the-sum",
        chapter=CO,
        section="实现异步",
        statement="Run synchronously, tasks run one after another in order: no two waits overlap, so the run takes at least the sum of the tasks' times.",
        verdict="holds",
    ),
    Claim(
        id="async.gevent-overlaps-waits",
        chapter=CO,
        section="实现异步",
        statement=(
            "Run asynchronously with gevent (patched), each task in a greenlet of its own, tasks that wait are "
            "set aside and the next one starts: every task starts before any has finished, and each resumes "
            "when its wait is over."
        ),
        verdict="holds",
    ),
    Claim(
        id="async.gevent-takes-about-the-longest",
        chapter=CO,
        section="实现异步",
        statement="N tasks that each wait t take about t in total when run asynchronously with gevent, against N·t run synchronously.",
        verdict="holds",
        kind="timing",
    ),
    Claim(
        id="async.comprehension-not-the-cause",
        chapter=CO,
        section="实现异步",
        statement=(
            "Whether the greenlets are spawned in a list comprehension or a for loop makes no measurable "
            "difference to an asynchronous run; the time saved comes from the overlapping waits."
        ),
        verdict="refined",
        kind="timing",
        note=(
            "The tutorial's comment credits the list comprehension with taking less time. Building a list is a "
            "little faster as a comprehension, by microseconds; the asynchronous version is faster because its "
            "waits overlap, and spawning in a loop is just as fast."
        ),
    ),
    Claim(
        id="async.elapsed-is-end-minus-start",
        chapter=CO,
        section="实现异步",
        statement="The run time is the end time minus the start time; start minus end is its negative.",
        verdict="refuted",
        kind="fact",
        note="The tutorial's program prints start - end, a negative run time.",
    ),
    Claim(
        id="async.subtasks",
        chapter=CO,
        section="实现异步",
        statement="Multitasking achieves asynchrony by doing the waiting in sub-tasks.",
        verdict="not-executable",
        kind="fact",
        note="A loose definition rather than a behaviour; what asynchronous runs do is specified by async.gevent-overlaps-waits.",
    ),
]

ROLES = [
    Role(
        name="gen_consumer",
        signature="gen_consumer(log)",
        summary=(
            "A generator function (the tutorial's consumer). Primed with next(), every send(item) makes it call "
            "log('consume', item) once and pause at its next yield."
        ),
        params=("log",),
    ),
    Role(
        name="gen_producer",
        signature="gen_producer(items, log)",
        summary=(
            "The tutorial's generator producer: creates and primes a consumer generator, then for each item "
            "calls log('produce', item) and sends the item to the consumer. Returns when every item is consumed."
        ),
        params=("items", "log"),
    ),
    Role(
        name="greenlet_producer_consumer",
        signature="greenlet_producer_consumer(items, log)",
        summary=(
            "The tutorial's greenlet producer/consumer, without globals: for each item the producer calls "
            "log('produce', item) and switches it to the consumer, which calls log('consume', item) and switches "
            "back; the producer then calls log('done', item). Returns when the producer is done."
        ),
        params=("items", "log"),
    ),
    Role(
        name="gevent_producer_consumer",
        signature="gevent_producer_consumer(items, log)",
        summary=(
            "The tutorial's gevent producer/consumer over a gevent.queue.Queue(3): the producer puts each item and "
            "then calls log('produce', item); the consumer gets len(items) items, calling log('consume', item) "
            "for each. Returns when both have finished."
        ),
        params=("items", "log"),
        runs_in="gevent",
    ),
    Role(
        name="gevent_counter",
        signature="gevent_counter(tasks, increments) -> int",
        summary=(
            "Spawns `tasks` greenlets that each add 1 to one shared counter `increments` times, yielding to the "
            "others (gevent.sleep(0)) after every increment, with no lock; returns the final count."
        ),
        params=("tasks", "increments"),
        runs_in="gevent",
    ),
    Role(
        name="syn",
        signature="syn(n, seconds, log)",
        summary=(
            "The tutorial's synchronous run: tasks 0..n-1 one after another; task i calls log('start', i), "
            "time.sleep(seconds), log('end', i)."
        ),
        params=("n", "seconds", "log"),
        runs_in="gevent",
    ),
    Role(
        name="asy",
        signature="asy(n, seconds, log)",
        summary="The tutorial's asynchronous run: the same n tasks as syn, each spawned as a gevent greenlet; returns when all have finished.",
        params=("n", "seconds", "log"),
        runs_in="gevent",
    ),
]
