"""Queue roles on a plain list and ONE Condition that every waiter shares, always woken with
notify_all(); timeouts by a hand-written deadline loop; extra debug helpers (snapshot, __repr__).
notify_all() on the one Condition wakes getters, putters and joiners alike and each re-checks its
own predicate in a while loop, so no wake-up is lost. The producer puts with a short timeout in a
retry loop, the consumer iterates iter(q.get, sentinel), locked_add uses acquire()/try/finally."""
import queue
import threading
import time


class MyQueue:
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self.data = []               # head of the queue is data[0]
        self.unfinished_tasks = 0
        self.cond = threading.Condition()
        self.total_put = 0           # bookkeeping for debugging
        self.total_got = 0

    # -- helpers --------------------------------------------------------------
    def _is_full(self):
        return self.maxsize > 0 and len(self.data) >= self.maxsize

    def _wait_until(self, ready, block, timeout, error):
        """Wait (holding self.cond) until ready() is true; raise error if we may not or time runs out."""
        if ready():
            return
        if not block:
            raise error()
        if timeout is None:
            while not ready():
                self.cond.wait()
            return
        if timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        deadline = time.monotonic() + timeout
        while not ready():
            left = deadline - time.monotonic()
            if left <= 0:
                raise error()
            self.cond.wait(left)

    # -- queue.Queue's interface -----------------------------------------------
    def put(self, item, block=True, timeout=None):
        with self.cond:
            self._wait_until(lambda: not self._is_full(), block, timeout, queue.Full)
            self.data.append(item)
            self.unfinished_tasks += 1
            self.total_put += 1
            self.cond.notify_all()

    def get(self, block=True, timeout=None):
        with self.cond:
            self._wait_until(lambda: len(self.data) > 0, block, timeout, queue.Empty)
            item = self.data.pop(0)
            self.total_got += 1
            self.cond.notify_all()
            return item

    def put_nowait(self, item):
        return self.put(item, False)

    def get_nowait(self):
        return self.get(False)

    def task_done(self):
        with self.cond:
            if self.unfinished_tasks == 0:
                raise ValueError("task_done() called more times than there were items")
            self.unfinished_tasks -= 1
            if self.unfinished_tasks == 0:
                self.cond.notify_all()

    def join(self):
        with self.cond:
            while self.unfinished_tasks:
                self.cond.wait()

    def qsize(self):
        with self.cond:
            return len(self.data)

    def empty(self):
        return self.qsize() == 0

    def full(self):
        with self.cond:
            return self._is_full()

    # -- extras -----------------------------------------------------------------
    def snapshot(self):
        with self.cond:
            return {"items": list(self.data), "unfinished": self.unfinished_tasks,
                    "put": self.total_put, "got": self.total_got}

    def __repr__(self):
        return f"<MyQueue maxsize={self.maxsize} size={len(self.data)} unfinished={self.unfinished_tasks}>"


def queue_producer(q, items):
    """Put every item in order; while the queue is full, retry a short timed put."""
    for item in items:
        while True:
            try:
                q.put(item, timeout=0.05)
                break
            except queue.Full:
                continue


_NEVER = object()  # nothing put in the queue is ever this object: iterate forever


def queue_consumer(q, handle):
    for item in iter(q.get, _NEVER):
        try:
            handle(item)
        finally:
            q.task_done()


def locked_add(shared, lock, amount):
    lock.acquire()
    try:
        current = shared.value
        shared.value = current + amount
    finally:
        lock.release()
