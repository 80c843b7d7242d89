"""Workers built by hand: MyThread *has* a thread (composition) and MyPool n eager threads, both fed
by a home-made bounded queue (deque + one Condition, its own unfinished counter); run_in_threads uses
concurrent.futures, run_in_processes waits on the children's sentinels, the Manager is started and
shut down by hand. Still correct: same FIFO/bound/counter semantics, daemon workers, one child per task.
"""
import collections
import multiprocessing
import multiprocessing.connection
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor

PENDING_LIMIT = 3


class _TaskBox:
    """A bounded FIFO of tasks with a counter of unfinished ones (like queue.Queue, by hand)."""

    def __init__(self, limit):
        self._items = collections.deque()
        self._limit = limit
        self._unfinished = 0
        self._cond = threading.Condition()

    def put(self, task):
        with self._cond:
            while len(self._items) >= self._limit:
                self._cond.wait()
            self._items.append(task)
            self._unfinished += 1
            self._cond.notify_all()

    def take(self):
        with self._cond:
            while not self._items:
                self._cond.wait()
            task = self._items.popleft()
            self._cond.notify_all()  # a submitter may wait for room
            return task

    def done(self):
        with self._cond:
            self._unfinished -= 1
            if self._unfinished == 0:
                self._cond.notify_all()

    def wait_all_done(self):
        with self._cond:
            while self._unfinished:
                self._cond.wait()


def _consume(box):
    while True:
        func, args, kwargs = box.take()
        try:
            func(*args, **kwargs)
        except BaseException:  # noqa: BLE001 - report any failure and keep serving
            print("task failed:", file=sys.stderr)
            traceback.print_exc()
        finally:
            box.done()


class MyThread:
    """Owns one daemon thread (not a Thread subclass)."""

    def __init__(self):
        self._box = _TaskBox(PENDING_LIMIT)
        self._thread = threading.Thread(target=_consume, args=(self._box,), name="MyThread-worker", daemon=True)
        self._thread.start()

    @property
    def worker_name(self):
        return self._thread.name

    def submit_tasks(self, func, args=(), kwargs={}):  # noqa: B006 - never mutated
        self._box.put((func, list(args), dict(kwargs)))

    def join(self):
        self._box.wait_all_done()


class MyPool:
    def __init__(self, n):
        if n < 1:
            raise ValueError("a pool needs at least one worker")
        self._box = _TaskBox(PENDING_LIMIT)
        self._workers = []
        for i in range(n):
            worker = threading.Thread(target=_consume, args=(self._box,), name=f"pool-worker-{i}")
            worker.daemon = True
            self._workers.append(worker)
        for worker in self._workers:
            worker.start()

    def __len__(self):
        return len(self._workers)

    def submit_tasks(self, func, args=(), kwargs={}):  # noqa: B006
        self._box.put((func, list(args), dict(kwargs)))

    def join(self):
        self._box.wait_all_done()


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), *, name=None, daemon=None):
        threading.Thread.__init__(self, name=name, daemon=daemon)
        self._job = func
        self._job_args = list(args)
        self.result = None

    def run(self):
        try:
            self.result = self._job(*self._job_args)
        finally:
            del self._job, self._job_args  # like Thread.run: drop references once done


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), *, name=None, daemon=None):
        multiprocessing.Process.__init__(self, name=name)
        if daemon is not None:
            self.daemon = daemon
        self._job = func
        self._job_args = tuple(args)

    def run(self):
        self._job(*self._job_args)


def run_in_threads(tasks, own_work):
    tasks = list(tasks)
    pool = ThreadPoolExecutor(max_workers=max(1, len(tasks)), thread_name_prefix="offloaded")
    try:
        for func, args in tasks:
            pool.submit(func, *args)
        return own_work()
    finally:
        pool.shutdown(wait=True)


def run_in_processes(tasks, own_work):
    children = []
    for func, args in tasks:
        child = multiprocessing.Process(target=func, args=tuple(args))
        child.start()
        children.append(child)
    try:
        return own_work()
    finally:
        pending = {child.sentinel: child for child in children}
        while pending:
            for ready in multiprocessing.connection.wait(list(pending)):
                pending.pop(ready).join()


def _child_applies(shared, updates):
    for key in updates:
        shared[key] = updates[key]


def share_dict_with_child(parent_updates, child_updates):
    manager = multiprocessing.Manager()
    try:
        shared = manager.dict()
        for key, value in parent_updates.items():
            shared[key] = value
        child = multiprocessing.Process(target=_child_applies, args=(shared, child_updates), name="dict-child")
        child.start()
        child.join()
        return shared.copy()
    finally:
        manager.shutdown()
