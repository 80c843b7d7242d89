"""Queue roles with the item storage and the task counter under SEPARATE locks: items live in a
dict used as a ring (head/tail indices) guarded by an RLock with two Conditions (notify() to one
waiter of the right kind); the unfinished count has its own Condition, taken inside the item lock
by put() (a fixed lock order, so a get()+task_done() can never beat the count). Errors are the
package's own subclasses of queue.Full, queue.Empty and ValueError, which `except queue.Full:` etc.
catch as the contract asks. Extras: join(timeout) returning a bool, peek(). The producer is
map(q.put, items), the consumer reads a helper generator, locked_add holds the lock through a
contextmanager."""
import contextlib
import queue
import threading
import time


class QueueFull(queue.Full):
    """Raised by put() when the queue stays full."""


class QueueEmpty(queue.Empty):
    """Raised by get() when the queue stays empty."""


class TooManyTaskDone(ValueError):
    """task_done() was called more times than items were put."""


class MyQueue:
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._ring = {}
        self._head = 0           # index of the oldest item
        self._tail = 0           # index the next item goes to
        self._guard = threading.RLock()
        self._has_item = threading.Condition(self._guard)
        self._has_room = threading.Condition(self._guard)
        self._count_cv = threading.Condition(threading.Lock())
        self._unfinished = 0

    def _size(self):
        return self._tail - self._head

    def _no_room(self):
        return self.maxsize > 0 and self._size() >= self.maxsize

    @staticmethod
    def _await(cv, blocked, block, timeout, error):
        """Wait on cv while blocked(); cv's lock is held by the caller."""
        if not block:
            if blocked():
                raise error
            return
        if timeout is None:
            while blocked():
                cv.wait()
            return
        end = time.time() + timeout
        while blocked():
            remaining = end - time.time()
            if remaining <= 0.0:
                raise error
            cv.wait(remaining)

    def put(self, item, block=True, timeout=None):
        with self._guard:
            self._await(self._has_room, self._no_room, block, timeout, QueueFull)
            self._ring[self._tail] = item
            self._tail += 1
            with self._count_cv:  # lock order: item lock, then count lock
                self._unfinished += 1
            self._has_item.notify()

    def get(self, block=True, timeout=None):
        with self._guard:
            self._await(self._has_item, lambda: self._size() == 0, block, timeout, QueueEmpty)
            item = self._ring.pop(self._head)
            self._head += 1
            self._has_room.notify()
        return item

    def put_nowait(self, item):
        self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    def task_done(self):
        with self._count_cv:
            if self._unfinished < 1:
                raise TooManyTaskDone("task_done() called too many times")
            self._unfinished -= 1
            if not self._unfinished:
                self._count_cv.notify_all()

    def join(self, timeout=None):
        """Wait until every item put has been marked done; False if timeout ran out first."""
        with self._count_cv:
            return self._count_cv.wait_for(lambda: self._unfinished == 0, timeout)

    def qsize(self):
        with self._guard:
            return self._size()

    def empty(self):
        return not self.qsize()

    def full(self):
        with self._guard:
            return self._no_room()

    def peek(self):
        """Extra: the oldest item without removing it (queue.Empty if none)."""
        with self._guard:
            if not self._size():
                raise QueueEmpty
            return self._ring[self._head]


def queue_producer(q, items):
    for _ in map(q.put, items):  # each put waits while the queue is full
        pass


def _forever(q):
    while True:
        yield q.get()


def queue_consumer(q, handle):
    for item in _forever(q):
        handle(item)
        q.task_done()


@contextlib.contextmanager
def _holding(lock):
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def locked_add(shared, lock, amount):
    with _holding(lock):
        shared.value = shared.value + amount
