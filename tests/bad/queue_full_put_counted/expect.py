RUN = ["queue."]
MUST_FAIL = ['queue.counter.put-increments']
MUST_PASS = ['queue.fifo', 'queue.size-queries-exact-single-threaded', 'queue.unbounded-without-positive-maxsize', 'queue.bounded.put-blocks-when-full', 'queue.bounded.get-blocks-when-empty', 'queue.nowait-raises-full-or-empty', 'queue.counter.get-does-not-decrement', 'queue.counter.task-done-decrements', 'queue.counter.join-waits-for-zero', 'queue.threads.every-item-once', 'queue.threads.no-lost-wakeup']
HINTS = {'queue.counter.put-increments': 'a put() that raises queue.Full puts nothing, so it counts nothing'}
