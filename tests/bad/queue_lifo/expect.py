RUN = ["queue."]
MUST_FAIL = ['queue.fifo']
MUST_PASS = ['queue.size-queries-exact-single-threaded', 'queue.unbounded-without-positive-maxsize', 'queue.bounded.put-blocks-when-full', 'queue.bounded.get-blocks-when-empty', 'queue.nowait-raises-full-or-empty', 'queue.counter.put-increments', 'queue.counter.get-does-not-decrement', 'queue.counter.task-done-decrements', 'queue.counter.join-waits-for-zero']
HINTS = {"queue.fifo": "take from the front (deque.popleft())"}
