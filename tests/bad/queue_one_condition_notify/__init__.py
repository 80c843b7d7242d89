"""A MyQueue on a single Condition that every waiter shares (getters, putters and joiners) and that
is woken with notify(): one waiter at a time, whichever waited first. With a join() and a get()
blocked together, the put() that should release the getter wakes the joiner instead, which goes
back to sleep, and the getter is stranded. One thread at a time, it behaves."""
import collections
import queue
import threading


class MyQueue:
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._items = collections.deque()
        self._unfinished = 0
        self._changed = threading.Condition()

    def _full(self):
        return 0 < self.maxsize <= len(self._items)

    def put(self, item, block=True, timeout=None):
        with self._changed:
            if self._full():
                if not block:
                    raise queue.Full
                if not self._changed.wait_for(lambda: not self._full(), timeout):
                    raise queue.Full
            self._items.append(item)
            self._unfinished += 1
            self._changed.notify()

    def get(self, block=True, timeout=None):
        with self._changed:
            if not self._items:
                if not block:
                    raise queue.Empty
                if not self._changed.wait_for(lambda: self._items, timeout):
                    raise queue.Empty
            item = self._items.popleft()
            self._changed.notify()
            return item

    def put_nowait(self, item):
        self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    def task_done(self):
        with self._changed:
            if self._unfinished <= 0:
                raise ValueError("task_done() called too many times")
            self._unfinished -= 1
            self._changed.notify()

    def join(self):
        with self._changed:
            self._changed.wait_for(lambda: self._unfinished == 0)

    def qsize(self):
        with self._changed:
            return len(self._items)

    def empty(self):
        with self._changed:
            return not self._items

    def full(self):
        with self._changed:
            return self._full()
