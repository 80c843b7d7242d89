"""A deterministic thread-schedule explorer: race claims checked on schedules, not on luck.

Real threads run the code, but only one at a time: each stops before every *step* it takes on a
shared object the explorer provides (reading or writing a `Cell`'s value, acquiring or releasing a
`ScheduledLock`), and the explorer decides which thread takes the next step. The decision comes
from a schedule, a list of thread numbers that Hypothesis draws: entry i names the thread that
takes step i. When the named thread cannot take a step (finished, or waiting for a lock), or the
list has run out, the thread that took the last step goes on if it can, else the lowest-numbered
thread that can. The empty schedule is therefore "each thread runs to the end, one after the
other", and every entry that names another thread than the running one is one preemption: a
shrinking schedule is a schedule with fewer thread switches.

    explorer = Explorer(schedule)
    counter = explorer.cell("counter", 0)
    lock = explorer.lock("lock")
    run = explorer.run([lambda: add(counter, lock, 1), lambda: add(counter, lock, 1)])
    assert counter.value == 2, run.describe()

`run.describe()` tells the schedule step by step, in words ("thread A reads counter → 0").
Code between steps runs while every other thread waits, so the outcome depends on the schedule
only: the same schedule always gives the same run. A timed acquire (`acquire(timeout=t)`) of a held lock waits like a blocking one, except
when the schedule names its thread: then it times out and returns False, as when the holder keeps
the lock longer than t (no real time passes). Shared state that is not a `Cell` or a
`ScheduledLock` is invisible to the explorer (a `threading.Lock` of the code's own is acquired
without a step; if it would block, the run stops with an explanation instead of hanging).
"""
import threading

from .messages import say

NAMES = "ABCDEFGH"
# what a step does, when the thread's own words are missing (a step's kind, as in "acquires lock")
KIND_ZH = {"read": "读取", "write": "写入", "acquire": "获取", "try-acquire": "尝试获取", "timed-acquire": "限时获取"}


def thread_name(index):
    """The thread's name (also its threading name, and the words steps are matched on): English."""
    return f"thread {NAMES[index] if index < len(NAMES) else index}"


def shown_thread(index):
    """The thread's name in a reason, in the run's language."""
    return say(thread_name(index), f"线程 {NAMES[index] if index < len(NAMES) else index}")


class ScheduleError(AssertionError):
    """The run could not go on: a deadlock, or a thread that blocked outside the explorer."""


class _Abort(BaseException):
    """Unwinds a worker thread when the run is abandoned."""


class Step:
    """One step of a run: `text` in English (what overwritten_updates reads), `zh` beside it."""

    def __init__(self, number, thread, text, preempted=None, zh=None):
        self.number, self.thread, self.text, self.preempted = number, thread, text, preempted
        self.zh = text if zh is None else zh

    def __str__(self):
        line = f"{self.number:>3}. {shown_thread(self.thread)} {say(self.text, self.zh)}"
        if self.preempted is not None:
            line += say(f"   ← switch: {thread_name(self.preempted)} was stopped here although it could go on",
                        f"   ← 切换：{shown_thread(self.preempted)} 本可以继续运行，却在这里被停下")
        return line


class Run:
    """What happened on one schedule."""

    def __init__(self, explorer):
        self.steps = explorer.steps
        self.schedule = explorer.schedule
        self.threads = explorer.n
        self.errors = explorer.errors

    @property
    def preemptions(self):
        return sum(1 for s in self.steps if s.preempted is not None)

    def describe(self):
        head = say(
            f"Schedule {self.schedule!r}: {self.threads} threads, {len(self.steps)} steps, "
            f"{self.preemptions} preemption(s), in this order:",
            f"调度 {self.schedule!r}：{self.threads} 个线程，{len(self.steps)} 步，"
            f"{self.preemptions} 次抢占，依次为：",
        )
        return "\n".join([head, *map(str, self.steps)])


class Cell:
    """A shared variable: reading and writing `.value` are steps."""

    __wire_settable__ = ("value",)  # a role in a subject may write it (through the wire)

    def __init__(self, explorer, name, value):
        self._explorer, self.name, self._value = explorer, name, value

    @property
    def value(self):
        return self._explorer._step(self, "read", None)

    @value.setter
    def value(self, new):
        self._explorer._step(self, "write", new)

    def peek(self):
        """The value, without a step (for the spec, after the run)."""
        return self._value

    def __repr__(self):
        return f"Cell({self.name!r}, {self._value!r})"


class ScheduledLock:
    """A mutex (threading.Lock's interface) whose acquire and release are steps."""

    def __init__(self, explorer, name):
        self._explorer, self.name, self.holder = explorer, name, None

    def acquire(self, blocking=True, timeout=-1):
        if not blocking:
            return self._explorer._step(self, "try-acquire", None)
        if timeout is not None and timeout >= 0:
            # a timed acquire: waits like a blocking one, but times out on a held lock when the
            # schedule names it (the holder may keep the lock longer than any timeout)
            return self._explorer._step(self, "timed-acquire", timeout)
        return self._explorer._step(self, "acquire", None)

    def release(self):
        self._explorer._step(self, "release", None)

    def locked(self):
        return self.holder is not None

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()


class Explorer:
    def __init__(self, schedule, step_timeout=10.0):
        self.schedule = list(schedule)
        self.step_timeout = step_timeout
        self.steps, self.errors = [], {}
        self._cond = threading.Condition()
        self._index = {}  # ident -> thread number
        self._pending = {}  # thread number -> (obj, kind, arg) it waits to perform
        self._turn = None  # the thread allowed to run
        self._done = set()
        self._abort = False
        self.n = 0

    def cell(self, name, value=0):
        return Cell(self, name, value)

    def lock(self, name="lock"):
        return ScheduledLock(self, name)

    # ---- inside the worker threads ----

    def _step(self, obj, kind, arg):
        me = self._index.get(threading.get_ident())
        if me is None:  # the spec itself, before or after the run: no step
            return self._perform(None, obj, kind, arg)
        with self._cond:
            self._pending[me] = (obj, kind, arg)
            self._turn = None
            self._cond.notify_all()
            while self._turn != me:
                if self._abort:
                    raise _Abort
                self._cond.wait(1.0)
            del self._pending[me]
        return self._perform(me, obj, kind, arg)

    def _perform(self, me, obj, kind, arg):
        if isinstance(obj, Cell):
            if kind == "read":
                self._note(me, f"reads {obj.name} → {obj._value!r}", f"读取 {obj.name} → {obj._value!r}")
                return obj._value
            self._note(me, f"writes {obj.name} ← {arg!r}", f"写入 {obj.name} ← {arg!r}")
            obj._value = arg
            return None
        if kind in ("acquire", "try-acquire", "timed-acquire"):
            if obj.holder is None:
                obj.holder = me
                self._note(me, f"acquires {obj.name}", f"获取 {obj.name}")
                return True
            if kind == "timed-acquire":
                self._note(me, f"waits up to {arg} s to acquire {obj.name}, held by {thread_name(obj.holder)} all that time: "
                               "times out, gets False",
                           f"最多等待 {arg} 秒以获取 {obj.name}，但这段时间里它一直被{shown_thread(obj.holder)}持有：超时，得到 False")
                return False
            if kind == "try-acquire":
                self._note(me, f"tries to acquire {obj.name}, held by {thread_name(obj.holder)}: gets False",
                           f"尝试获取 {obj.name}，但持有它的是{shown_thread(obj.holder)}：得到 False")
                return False
            raise ScheduleError(say(f"{thread_name(me)} acquired {obj.name} while it was held",
                                    f"{shown_thread(me)} 在 {obj.name} 被持有时获取了它"))  # never scheduled so
        if obj.holder is None:
            self._note(me, f"releases {obj.name}, which nobody holds: RuntimeError",
                       f"释放 {obj.name}，但没有线程持有它：RuntimeError")
            raise RuntimeError("release unlocked lock")
        self._note(me, f"releases {obj.name}", f"释放 {obj.name}")
        obj.holder = None
        return None

    def _note(self, me, text, zh):
        if me is not None:
            self._last_text, self._last_zh = text, zh

    def _worker(self, me, body):
        self._index[threading.get_ident()] = me
        try:
            with self._cond:
                while self._turn != me:
                    if self._abort:
                        raise _Abort
                    self._cond.wait(1.0)
            body()
        except _Abort:
            pass
        except BaseException as exc:
            self.errors[me] = exc
        finally:
            with self._cond:
                self._done.add(me)
                self._turn = None
                self._cond.notify_all()

    # ---- the scheduler, in the calling thread ----

    def _can_step(self, i, named=False):
        """Whether thread i can take its pending step; a timed acquire of a held lock can only
        when the schedule names it (then it times out), so every timeout is one schedule entry."""
        if i in self._done or i not in self._pending:
            return False
        obj, kind, _ = self._pending[i]
        if kind == "timed-acquire" and obj.holder is not None:
            return named
        return not (kind == "acquire" and obj.holder is not None)

    def _let_run(self, i, what, what_zh):
        """Give thread i the turn; wait until it stops at its next step or ends. (`what`: after
        what it should have come back, in English and in Chinese.)"""
        self._last_text = self._last_zh = None
        with self._cond:
            self._turn = i
            self._cond.notify_all()
            ok = self._cond.wait_for(lambda: self._turn is None, self.step_timeout)
        if not ok:
            self._abandon()
            raise ScheduleError(
                say(f"{thread_name(i)} did not come back to the scheduler within {self.step_timeout:.0f} s after {what}: "
                    "it is blocked on something the explorer does not control (a lock or queue of its own?)\n",
                    f"{shown_thread(i)} {what_zh}后 {self.step_timeout:.0f} 秒内没有回到调度器："
                    "它阻塞在调度器控制不了的东西上（它自己的锁或队列？）\n")
                + Run(self).describe()
            )

    def _abandon(self):
        with self._cond:
            self._abort = True
            self._cond.notify_all()

    def run(self, bodies):
        """Run each body in its own thread, one step at a time, in the schedule's order."""
        self.n = len(bodies)
        threads = [threading.Thread(target=self._worker, args=(i, b), daemon=True, name=thread_name(i)) for i, b in enumerate(bodies)]
        for t in threads:
            t.start()
        try:
            for i in range(self.n):  # each thread runs, alone, up to its first step
                self._let_run(i, "it started", "启动")
            plan, current = list(self.schedule), None
            while True:
                wanted = plan[0] if plan else None
                ready = [i for i in range(self.n) if self._can_step(i, named=i == wanted)]
                if not ready:
                    if len(self._done) == self.n:
                        break
                    raise ScheduleError(self._deadlock())
                if plan:
                    plan.pop(0)
                if wanted in ready:
                    chosen = wanted
                elif current in ready:
                    chosen = current
                else:
                    chosen = ready[0]
                preempted = current if (current is not None and current != chosen and current in ready) else None
                obj, kind, _ = self._pending[chosen]
                self._let_run(chosen, f"its step on {obj.name}", f"获准在 {obj.name} 上执行一步")
                step = Step(len(self.steps) + 1, chosen, self._last_text or f"{kind}s {obj.name}", preempted,
                            self._last_zh or f"{KIND_ZH.get(kind, kind)} {obj.name}")
                self.steps.append(step)
                if chosen in self._done:
                    if chosen not in self.errors:
                        step.text, step.zh = step.text + ", then finishes", step.zh + "，然后结束"
                    else:
                        step.text += f", then raises {self.errors[chosen]!r}"
                        step.zh += f"，然后抛出 {self.errors[chosen]!r}"
                current = chosen
        finally:
            self._abandon()
            for t in threads:
                t.join(1.0)
        return Run(self)

    def _deadlock(self):
        waits, waits_zh = [], []
        for i, (obj, kind, _) in sorted(self._pending.items()):
            holder = obj.holder
            who = "itself" if holder == i else thread_name(holder)
            waits.append(f"{thread_name(i)} waits to acquire {obj.name}, held by {who}")
            waits_zh.append(f"{shown_thread(i)} 等待获取 {obj.name}，而持有它的是{'它自己' if holder == i else shown_thread(holder)}")
        return say("deadlock: " + "; ".join(waits), "死锁：" + "；".join(waits_zh)) + "\n" + Run(self).describe()


def overwritten_updates(run, cell_name):
    """Lost updates on a cell, in words: each write that overwrote another thread's write made
    after this thread had read the value it based its write on."""
    lost, last_read = [], {}
    for step in run.steps:
        if step.text.startswith(f"reads {cell_name} "):
            last_read[step.thread] = step.number
        elif step.text.startswith(f"writes {cell_name} "):
            since = last_read.get(step.thread)
            if since is not None:
                for other in run.steps[since : step.number - 1]:
                    if other.thread != step.thread and other.text.startswith(f"writes {cell_name} "):
                        lost.append(say(
                            f"step {step.number}: {thread_name(step.thread)} wrote a value computed from what it read at "
                            f"step {since}, overwriting what {thread_name(other.thread)} wrote at step {other.number}: "
                            f"that update is lost",
                            f"第 {step.number} 步：{shown_thread(step.thread)} 写入的值是根据它在第 {since} 步读到的值算出的，"
                            f"覆盖了{shown_thread(other.thread)} 在第 {other.number} 步写入的值：那次更新丢失了",
                        ))
    return lost
