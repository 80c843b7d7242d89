"""MyQueue whose put_nowait() is written on its own (it never waits, so the student skips the Condition): it appends and counts, but never notifies, so a get() already blocked on the empty queue is not woken by it."""

import collections
import queue
import threading


class MyQueue:
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._items = collections.deque()
        self._unfinished = 0
        self._lock = threading.Lock()
        self._not_empty = threading.Condition(self._lock)
        self._not_full = threading.Condition(self._lock)
        self._all_done = threading.Condition(self._lock)

    def _full(self):
        return 0 < self.maxsize <= len(self._items)

    def put(self, item, block=True, timeout=None):
        with self._not_full:
            if self._full():
                if not block:
                    raise queue.Full
                if not self._not_full.wait_for(lambda: not self._full(), timeout):
                    raise queue.Full
            self._items.append(item)
            self._unfinished += 1
            self._not_empty.notify()

    def get(self, block=True, timeout=None):
        with self._not_empty:
            if not self._items:
                if not block:
                    raise queue.Empty
                if not self._not_empty.wait_for(lambda: self._items, timeout):
                    raise queue.Empty
            item = self._items.popleft()
            self._not_full.notify()
            return item

    def put_nowait(self, item):
        # no waiting here, so no need for the Condition
        with self._lock:
            if self._full():
                raise queue.Full
            self._items.append(item)
            self._unfinished += 1

    def get_nowait(self):
        return self.get(block=False)

    def task_done(self):
        with self._all_done:
            if self._unfinished <= 0:
                raise ValueError("task_done() called too many times")
            self._unfinished -= 1
            if self._unfinished == 0:
                self._all_done.notify_all()

    def join(self):
        with self._all_done:
            self._all_done.wait_for(lambda: self._unfinished == 0)

    def qsize(self):
        with self._lock:
            return len(self._items)

    def empty(self):
        with self._lock:
            return not self._items

    def full(self):
        with self._lock:
            return self._full()
