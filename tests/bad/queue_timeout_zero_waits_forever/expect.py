RUN = ["queue."]
MUST_FAIL = ['queue.nowait-raises-full-or-empty']
MUST_PASS = ['queue.fifo', 'queue.size-queries-exact-single-threaded', 'queue.unbounded-without-positive-maxsize', 'queue.bounded.put-blocks-when-full', 'queue.bounded.get-blocks-when-empty', 'queue.counter.put-increments', 'queue.counter.get-does-not-decrement', 'queue.counter.task-done-decrements', 'queue.counter.join-waits-for-zero', 'queue.threads.every-item-once', 'queue.threads.no-lost-wakeup']
HINTS = {'queue.nowait-raises-full-or-empty': 'timeout=0 means do not wait'}
