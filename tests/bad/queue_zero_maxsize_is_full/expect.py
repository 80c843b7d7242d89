RUN = ["queue."]
MUST_FAIL = ['queue.unbounded-without-positive-maxsize']
MUST_PASS = ['queue.fifo', 'queue.size-queries-exact-single-threaded', 'queue.bounded.put-blocks-when-full', 'queue.bounded.get-blocks-when-empty', 'queue.nowait-raises-full-or-empty', 'queue.counter.put-increments', 'queue.counter.get-does-not-decrement', 'queue.counter.task-done-decrements', 'queue.counter.join-waits-for-zero']
HINTS = {"queue.unbounded-without-positive-maxsize": "treat maxsize <= 0 as no bound"}
