"""队列: queue.Queue and its unfinished-task counter; the threaded producer/consumer model."""
from ..harness.claims import Claim
from ..harness.contract import Role

CH = "队列"

ASYNCIO_QUEUE = (
    "asyncio.Queue (not in the tutorial; what students meet next) is driven from threads, each call "
    "a coroutine on one event loop"
)

QUEUE_KINDS_NOTE = (
    "Checked against queue.Queue, multiprocessing.JoinableQueue, gevent.queue.JoinableQueue (in a "
    "monkey-patched interpreter), asyncio.Queue and the implementation's MyQueue. " + ASYNCIO_QUEUE + "."
)

THREAD_KINDS_NOTE = (
    "Checked against queue.Queue, multiprocessing.JoinableQueue, asyncio.Queue and the implementation's "
    "MyQueue (gevent's queue serves greenlets of one thread, not threads). " + ASYNCIO_QUEUE + "."
)

CLAIMS = [
    Claim(
        id="queue.fifo",
        chapter=CH,
        section="先进先出",
        statement="A queue hands items out in the order they were put in.",
        verdict="holds",
        note=QUEUE_KINDS_NOTE,
    ),
    Claim(
        id="queue.size-queries-exact-single-threaded",
        chapter=CH,
        section="实现",
        statement=(
            "For queue.Queue, gevent's queue and a Condition-based queue, qsize(), empty() and full() are exact "
            "while one thread uses the queue; with other threads putting and getting they are only a snapshot "
            "that may be stale by the time it is used."
        ),
        verdict="refined",
        note=(
            "The tutorial calls empty() and qsize() approximate and full() exact; all three are exact "
            "single-threaded and all three can be stale under concurrency. multiprocessing.JoinableQueue is the "
            "exception: its put() hands the item to a feeder thread, so empty() can still be True right after a "
            "put() in the same thread (measured: 63 of 200 put-then-empty() checks on 3.11); its qsize() and "
            "full() are exact single-threaded, and the spec checks only those for it."
        ),
    ),
    Claim(
        id="queue.unbounded-without-positive-maxsize",
        chapter=CH,
        section="实现",
        statement=(
            "Only a positive maxsize bounds a queue: Queue(), Queue(0) and a negative maxsize accept any number of "
            "items, full() stays False and put() never waits."
        ),
        verdict="refined",
        note="The tutorial says a number in the parentheses limits the queue; zero and negative numbers do not.",
    ),
    Claim(
        id="queue.bounded.put-blocks-when-full",
        chapter=CH,
        section="实现",
        statement=(
            "A queue built with maxsize n holds at most n items: put() on a full queue waits until a get() makes room "
            "(any form of get(), get_nowait() included), and then returns at once, even if it was given a timeout "
            "that has not run out."
        ),
        verdict="holds",
        note=(
            "A timed put() is checked with a timeout far longer than the judge waits for the released call, so one "
            "that sleeps through its timeout instead of waiting on the Condition is caught."
        ),
    ),
    Claim(
        id="queue.bounded.get-blocks-when-empty",
        chapter=CH,
        section="实现",
        statement=(
            "get() on an empty queue waits until a put() supplies an item (any form of put(), put_nowait() included), "
            "and then returns that item at once, even if it was given a timeout that has not run out."
        ),
        verdict="holds",
        note=(
            "A timed get() is checked with a timeout far longer than the judge waits for the released call, so one "
            "that sleeps through its timeout instead of waiting on the Condition is caught."
        ),
    ),
    Claim(
        id="queue.nowait-raises-full-or-empty",
        chapter=CH,
        section="实现",
        statement=(
            "The non-waiting forms do not wait: put_nowait() / put(block=False) on a full queue raise queue.Full, "
            "get_nowait() / get(block=False) on an empty queue raise queue.Empty, and a put() or get() with a "
            "timeout raises the same once the timeout has passed: with timeout=0, at once."
        ),
        verdict="holds",
        note="Not in the tutorial's list of methods, which shows only the waiting forms; needed to use a bounded queue without hanging.",
    ),
    Claim(
        id="queue.counter.put-increments",
        chapter=CH,
        section="队列计数器",
        statement=(
            "Every put() adds one to the queue's count of unfinished tasks, so join() blocks after a put(); a put() "
            "that raises queue.Full put nothing and adds nothing."
        ),
        verdict="holds",
    ),
    Claim(
        id="queue.counter.get-does-not-decrement",
        chapter=CH,
        section="队列计数器",
        statement="get() removes an item but does not lower the unfinished-task count: join() still blocks after every item was taken out.",
        verdict="holds",
    ),
    Claim(
        id="queue.counter.task-done-decrements",
        chapter=CH,
        section="队列计数器",
        statement="task_done() lowers the unfinished-task count by one; calling it more times than items were put raises ValueError.",
        verdict="refined",
        note="The tutorial does not say what happens below zero: task_done() then raises ValueError rather than going negative.",
    ),
    Claim(
        id="queue.counter.join-waits-for-zero",
        chapter=CH,
        section="队列计数器",
        statement=(
            "join() returns at once when the count is zero; with k unfinished tasks it stays blocked through "
            "k-1 task_done() calls and returns on the k-th."
        ),
        verdict="holds",
    ),
    Claim(
        id="queue.threads.every-item-once",
        chapter=CH,
        section="实现",
        statement=(
            "With several threads putting and several getting on one queue at the same time, every item put is "
            "got exactly once: none lost, none handed to two getters, none made up."
        ),
        verdict="holds",
        note=(
            "The tutorial says task_done() and join() are for threads (线程使用) but shows one thread at a time. "
            "The spec runs several producer and consumer threads at once (Hypothesis chooses how many, the maxsize "
            "and the item counts) and compares what was got with what was put. A get() that checks for an item and "
            "pops it without holding the lock throughout hands one item to two getters (or fails on an empty "
            "deque). " + THREAD_KINDS_NOTE
        ),
    ),
    Claim(
        id="queue.threads.no-lost-wakeup",
        chapter=CH,
        section="实现",
        statement=(
            "Calls blocked at the same time are each woken as soon as the queue lets them return: a put() releases "
            "one blocked get() (with its item), a get() releases one blocked put(), and the task_done() that brings "
            "the count to zero releases every blocked join(); no call stays blocked once its condition holds."
        ),
        verdict="holds",
        note=(
            "The judge issues one call at a time, each from a thread of its own, and after each call checks which "
            "pending calls must return now and which must stay blocked. Explicit examples always run: a join() and "
            "a get() blocked together, then a put() (a queue whose one Condition is shared by getters and joiners "
            "and woken with notify() wakes the joiner, and the getter is stranded); two join()s blocked, then the "
            "last task_done() (notify() instead of notify_all() strands one). Calls on a queue that single-threaded "
            "claims already reject (join() not waiting, put() not blocking when full) are blamed on those claims. "
            + THREAD_KINDS_NOTE
        ),
    ),
    Claim(
        id="prodcons.threads.every-item-consumed-once",
        chapter=CH,
        section="生产者和消费者模型",
        statement=(
            "A producer thread putting items into a shared queue and one or more consumer threads taking them out "
            "process every produced item exactly once: none lost, none twice. Each consumer marks every item it "
            "handled done (q.task_done()), so the main program's q.join() returns once all are handled."
        ),
        verdict="holds",
        note=(
            "The producer's first item waits until every consumer has looked at the empty queue, so a consumer that "
            "stops the first time it finds the queue empty fails every time, however the threads are scheduled."
        ),
    ),
    Claim(
        id="prodcons.threads.one-consumer-keeps-order",
        chapter=CH,
        section="生产者和消费者模型",
        statement="With a single consumer, items are processed in the order the producer produced them.",
        verdict="holds",
        note=(
            "A consumer that ends (returns or raises) while items are still coming is judged on the order of the items "
            "it handled; the items it lost are every-item-consumed-once's. Items queued before it started must all be handled."
        ),
    ),
    Claim(
        id="prodcons.threads.producer-waits-when-full",
        chapter=CH,
        section="生产者和消费者模型",
        statement=(
            "With a bounded queue and a consumer that is busy, the producer puts maxsize items and then waits; it "
            "goes on only when the consumer takes an item, and it never drops one."
        ),
        verdict="holds",
    ),
]

ROLES = [
    Role(
        name="MyQueue",
        signature="MyQueue(maxsize=0)",
        summary=(
            "A home-made queue with queue.Queue's interface and counter semantics (put, get, put_nowait, "
            "get_nowait, qsize, empty, full, task_done, join; put/get take block and timeout; queue.Full / "
            "queue.Empty), built on threading.Condition."
        ),
        params=(),
        methods={"put": ("item", "block=True", "timeout=None"), "get": ("block=True", "timeout=None"), "put_nowait": ("item",),
                 "get_nowait": (), "task_done": (), "join": (), "qsize": (), "empty": (), "full": ()},
    ),
    Role(
        name="queue_producer",
        signature="queue_producer(q, items)",
        summary=(
            "The producer of the threaded producer/consumer model: puts each item of the iterable `items` into the "
            "queue `q` (a queue.Queue, possibly bounded), in order, waiting while it is full; returns when all are put."
        ),
        params=("q", "items"),
    ),
    Role(
        name="queue_consumer",
        signature="queue_consumer(q, handle)",
        summary=(
            "The consumer: forever takes the next item from `q`, calls handle(item), then marks it done with "
            "q.task_done(). The specs run it in a daemon thread."
        ),
        params=("q", "handle"),
    ),
]
