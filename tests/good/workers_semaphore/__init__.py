"""Counting primitives instead of queue.Queue: MyThread subclasses Thread (join() overridden to wait
for the tasks) and bounds pending tasks with a Semaphore beside a SimpleQueue; MyPool starts its
workers lazily, one per submission until n; plain threads with a countdown latch; os.fork/waitpid
children; a SyncManager whose proxy's bound update() is the child's target. Same observable contract.
"""
import functools
import os
import queue
import sys
import threading
import traceback
from multiprocessing import Process
from multiprocessing.managers import SyncManager


class _Jobs:
    """Tasks in a SimpleQueue; a semaphore counts the free places among the 3 pending ones, a
    condition counts the tasks not yet finished."""

    def __init__(self, places=3):
        self._q = queue.SimpleQueue()
        self._places = threading.Semaphore(places)
        self._open = 0
        self._all_done = threading.Condition(threading.Lock())

    def add(self, job):
        self._places.acquire()  # waits while 3 tasks are pending
        with self._all_done:
            self._open += 1
        self._q.put(job)

    def next(self):
        job = self._q.get()
        self._places.release()  # the task left the queue: one more place
        return job

    def finished(self):
        with self._all_done:
            self._open -= 1
            if not self._open:
                self._all_done.notify_all()

    def wait(self):
        with self._all_done:
            self._all_done.wait_for(lambda: self._open == 0)

    def serve(self):
        while True:
            job = self.next()
            try:
                job()
            except Exception as exc:  # a broken task must not stop the worker
                traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
            finally:
                self.finished()


class MyThread(threading.Thread):
    def __init__(self):
        threading.Thread.__init__(self, name="worker")
        self.daemon = True
        self.jobs = _Jobs()
        self.start()

    def run(self):
        self.jobs.serve()

    def submit_tasks(self, func, args=(), kwargs=None):
        self.jobs.add(functools.partial(func, *args, **(kwargs or {})))

    def join(self, timeout=None):
        # the worker never ends; joining MyThread means waiting for its tasks
        self.jobs.wait()


class MyPool:
    def __init__(self, n):
        self.size = n
        self.jobs = _Jobs()
        self.workers = []
        self._grow = threading.Lock()

    def _more_workers(self):
        with self._grow:
            if len(self.workers) < self.size:
                worker = threading.Thread(target=self.jobs.serve, daemon=True, name=f"MyPool-{len(self.workers)}")
                worker.start()
                self.workers.append(worker)

    def submit_tasks(self, func, args=(), kwargs=None):
        self._more_workers()  # lazily: one more thread per submission until there are n
        self.jobs.add(functools.partial(func, *args, **(kwargs or {})))

    def join(self):
        self.jobs.wait()


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), **options):
        name = options.pop("name", None)
        daemon = options.pop("daemon", None)
        super().__init__(**options)
        if name is not None:
            self.name = name
        if daemon is not None:
            self.daemon = daemon
        self.call = functools.partial(func, *args)

    def run(self):
        self.call()


class TaskProcess(Process):
    def __init__(self, func, args=(), **process_kwargs):
        super().__init__(**process_kwargs)
        self.call = functools.partial(func, *args)

    def run(self):
        self.call()


def run_in_threads(tasks, own_work):
    remaining = [len(tasks)]
    changed = threading.Condition()

    def body(func, args):
        try:
            func(*args)
        finally:
            with changed:
                remaining[0] -= 1
                changed.notify_all()

    for func, args in tasks:
        threading.Thread(target=body, args=(func, args), daemon=True).start()
    try:
        return own_work()
    finally:
        with changed:
            while remaining[0]:
                changed.wait()


def _fork(func, args):
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        func(*args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_in_processes(tasks, own_work):
    pids = [_fork(func, tuple(args)) for func, args in tasks]
    try:
        return own_work()
    finally:
        for pid in pids:
            os.waitpid(pid, 0)


def share_dict_with_child(parent_updates, child_updates):
    manager = SyncManager()
    manager.start()
    try:
        shared = manager.dict(parent_updates)
        child = Process(target=shared.update, args=(child_updates,))
        child.start()
        child.join()
        return shared.copy()
    finally:
        manager.shutdown()
