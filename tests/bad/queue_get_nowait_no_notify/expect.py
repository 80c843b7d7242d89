RUN = ["queue."]
MUST_FAIL = ["queue.bounded.put-blocks-when-full"]
MUST_PASS = ['queue.fifo', 'queue.size-queries-exact-single-threaded', 'queue.unbounded-without-positive-maxsize', 'queue.bounded.get-blocks-when-empty', 'queue.nowait-raises-full-or-empty', 'queue.counter.put-increments', 'queue.counter.get-does-not-decrement', 'queue.counter.task-done-decrements', 'queue.counter.join-waits-for-zero', 'queue.threads.every-item-once', 'queue.threads.no-lost-wakeup']
HINTS = {"queue.bounded.put-blocks-when-full": "must notify the Condition a blocked put() waits on, get_nowait() included"}
