"""Low-level and portable: MyThread runs its loop on a _thread.start_new_thread thread (never keeps
the process alive, so a daemon) and a Condition over a deque; MyPool's workers poll one shared bounded queue
with get(timeout); TaskThread's start() waits for a started handshake; children are made with the
"spawn" start method (as on macOS/Windows). Still correct: every behaviour in CONTRACT.md is kept.
"""
import _thread
import collections
import multiprocessing
import queue
import threading
import traceback

_SPAWN = multiprocessing.get_context("spawn")


class MyThread:
    """The worker is a bare _thread thread: the interpreter never waits for such threads at exit."""

    LIMIT = 3

    def __init__(self):
        self._pending = collections.deque()
        self._unfinished = 0
        self._changed = threading.Condition()
        self.ident = _thread.start_new_thread(self._loop, ())

    def submit_tasks(self, func, args=(), kwargs={}):  # noqa: B006
        with self._changed:
            self._changed.wait_for(lambda: len(self._pending) < self.LIMIT)
            self._pending.append((func, tuple(args), dict(kwargs)))
            self._unfinished += 1
            self._changed.notify_all()

    def _take(self):
        with self._changed:
            self._changed.wait_for(lambda: self._pending)
            task = self._pending.popleft()
            self._changed.notify_all()  # room for a waiting submitter
            return task

    def _loop(self):
        while True:
            func, args, kwargs = self._take()
            try:
                func(*args, **kwargs)
            except Exception:
                traceback.print_exc()
            finally:
                with self._changed:
                    self._unfinished -= 1
                    self._changed.notify_all()

    def join(self):
        with self._changed:
            self._changed.wait_for(lambda: self._unfinished == 0)


class MyPool:
    """n daemon workers polling one shared queue of at most 3 pending tasks."""

    POLL = 0.05

    def __init__(self, n):
        self.tasks = queue.Queue(maxsize=3)
        self.running = True
        self.threads = []
        for number in range(n):
            t = threading.Thread(target=self.work, name=f"pool-{number}", daemon=True)
            self.threads.append(t)
            t.start()

    def work(self):
        while self.running:
            try:
                func, args, kwargs = self.tasks.get(timeout=self.POLL)
            except queue.Empty:
                continue
            try:
                func(*args, **kwargs)
            except Exception as error:
                print(f"{threading.current_thread().name}: task {func!r} failed: {error!r}")
            finally:
                self.tasks.task_done()

    def submit_tasks(self, func, args=(), kwargs={}):  # noqa: B006
        self.tasks.put((func, args, kwargs))

    def join(self):
        self.tasks.join()

    def close(self):
        self.running = False


class TaskThread(threading.Thread):
    def __init__(self, func, args=(), **thread_kwargs):
        super().__init__(**thread_kwargs)
        self.func, self.func_args = func, args
        self.running = threading.Event()

    def start(self):
        super().start()
        self.running.wait()  # start() returns once run() is under way

    def run(self):
        self.running.set()
        self.func(*self.func_args)


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), **process_kwargs):
        super().__init__(**process_kwargs)
        self.func, self.func_args = func, args

    def run(self):
        try:
            self.func(*self.func_args)
        finally:
            self.func = self.func_args = None

    def __repr__(self):
        return f"<TaskProcess {self.name} pid={self.pid}>"


def run_in_threads(tasks, own_work):
    threads = [threading.Thread(target=func, args=tuple(args)) for func, args in tasks]
    for t in threads:
        t.start()
    result = own_work()
    for t in reversed(threads):
        t.join()
    return result


def run_in_processes(tasks, own_work):
    children = [_SPAWN.Process(target=func, args=tuple(args)) for func, args in tasks]
    for c in children:
        c.start()
    result = own_work()
    for c in children:
        c.join()
    return result


def _child(shared, updates):
    shared.update(updates)


def share_dict_with_child(parent_updates, child_updates):
    with _SPAWN.Manager() as manager:
        shared = manager.dict(parent_updates)
        p = _SPAWN.Process(target=_child, args=(shared, child_updates))
        p.start()
        p.join()
        return dict(shared.items())
