"""队列: queue.Queue and its unfinished-task counter."""
from specs.harness.claims import Claim
from specs.harness.contract import Role

CH = "队列"

CLAIMS = [
    Claim(
        id="queue.fifo",
        chapter=CH,
        section="先进先出",
        statement="A queue hands items out in the order they were put in.",
        verdict="holds",
    ),
    Claim(
        id="queue.size-queries-exact-single-threaded",
        chapter=CH,
        section="实现",
        statement=(
            "qsize(), empty() and full() are exact while one thread uses the queue; with other threads "
            "putting and getting they are only a snapshot that may be stale by the time it is used."
        ),
        verdict="refined",
        note="The tutorial calls empty() and qsize() approximate and full() exact; all three are exact single-threaded and all three can be stale under concurrency.",
    ),
    Claim(
        id="queue.bounded.put-blocks-when-full",
        chapter=CH,
        section="实现",
        statement="A queue built with maxsize n holds at most n items: put() on a full queue waits until a get() makes room.",
        verdict="holds",
    ),
    Claim(
        id="queue.bounded.get-blocks-when-empty",
        chapter=CH,
        section="实现",
        statement="get() on an empty queue waits until a put() supplies an item, and then returns that item.",
        verdict="holds",
    ),
    Claim(
        id="queue.counter.put-increments",
        chapter=CH,
        section="队列计数器",
        statement="Every put() adds one to the queue's count of unfinished tasks, so join() blocks after a put().",
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
        statement="join() returns at once when the count is zero and otherwise blocks until the last task_done() brings it to zero.",
        verdict="holds",
    ),
]

ROLES = [
    Role(
        name="MyQueue",
        signature="MyQueue(maxsize=0)",
        summary=(
            "A home-made queue with queue.Queue's interface and counter semantics (put, get, put_nowait, "
            "get_nowait, qsize, empty, full, task_done, join; queue.Full / queue.Empty), built on "
            "threading.Condition."
        ),
        params=(),
        methods={"put": ("item",), "get": (), "task_done": (), "join": (), "qsize": (), "empty": (), "full": ()},
    ),
]
