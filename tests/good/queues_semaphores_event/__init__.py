"""Queue roles built on counting semaphores instead of a Condition: one semaphore counts free
slots (only when bounded), one counts stored items, a plain Lock guards the deque, and join()
waits on an Event kept set while no task is unfinished. A get() holds an item permit before it
pops and a put() a slot permit before it appends, so nothing is taken twice and the bound holds.
The producer pulls items with next(); the consumer polls get(timeout=...) forever; locked_add
uses `with lock:` around a read into a local and a write."""
import collections
import queue
import threading


class MyQueue:
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._bounded = maxsize > 0
        self._slots = threading.Semaphore(maxsize) if self._bounded else None
        self._stored = threading.Semaphore(0)
        self._mutex = threading.Lock()
        self._items = collections.deque()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()

    @staticmethod
    def _take(sem, block, timeout):
        if not block:
            return sem.acquire(blocking=False)
        return sem.acquire(timeout=timeout)  # timeout=None waits for good

    def put(self, item, block=True, timeout=None):
        if self._bounded and not self._take(self._slots, block, timeout):
            raise queue.Full
        with self._mutex:
            self._items.append(item)
            self._pending += 1
            self._idle.clear()
        self._stored.release()

    def get(self, block=True, timeout=None):
        if not self._take(self._stored, block, timeout):
            raise queue.Empty
        with self._mutex:
            item = self._items.popleft()
        if self._bounded:
            self._slots.release()
        return item

    def put_nowait(self, item):
        self.put(item, block=False)

    def get_nowait(self):
        return self.get(block=False)

    def task_done(self):
        with self._mutex:
            if self._pending == 0:
                raise ValueError("task_done() called too many times")
            self._pending -= 1
            if self._pending == 0:
                self._idle.set()

    def join(self):
        self._idle.wait()

    def qsize(self):
        with self._mutex:
            return len(self._items)

    def empty(self):
        with self._mutex:
            return len(self._items) == 0

    def full(self):
        with self._mutex:
            return self._bounded and len(self._items) >= self.maxsize

    def pending_tasks(self):
        """Extra: how many items were put but not yet marked done."""
        with self._mutex:
            return self._pending


def queue_producer(q, items):
    source = iter(items)
    while True:
        try:
            item = next(source)
        except StopIteration:
            return
        q.put(item, block=True)


def queue_consumer(q, handle):
    while True:
        try:
            item = q.get(timeout=0.5)
        except queue.Empty:
            continue  # nothing yet: keep waiting, forever
        try:
            handle(item)
        finally:
            q.task_done()


def locked_add(shared, lock, amount):
    with lock:
        old = shared.value
        new = old + amount
        shared.value = new
