RUN = ["queue."]
MUST_FAIL = ["queue.threads.no-lost-wakeup"]
MUST_PASS = ['queue.fifo', 'queue.size-queries-exact-single-threaded', 'queue.unbounded-without-positive-maxsize', 'queue.bounded.put-blocks-when-full', 'queue.bounded.get-blocks-when-empty', 'queue.nowait-raises-full-or-empty', 'queue.counter.put-increments', 'queue.counter.get-does-not-decrement', 'queue.counter.task-done-decrements', 'queue.counter.join-waits-for-zero', "queue.threads.every-item-once"]
HINTS = {"queue.threads.no-lost-wakeup": "use notify_all(), or one Condition per kind"}
