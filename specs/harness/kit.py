"""The subject's task kit: the tasks a judge hands a role to run, and what they talk through.

A spec that gives ``TaskThread``, ``TaskProcess``, ``run_in_threads`` or ``run_in_processes`` a
task cannot give it one of its own functions: the role runs in the subject, and a task must run
where the role puts it (a thread or a child process of the subject). So the judge asks the kit,
``subject.role("$kit")``, for a task by name and for the Event, Queue or Value it reports through,
and holds references to them; the role gets the real objects. Every task is small, reports who
ran it (``whoami``) and waits only on what the judge releases, with a bound.

Like ``wire.py`` beside it, the standard library only; loaded by ``subject.py`` as
``_netspecs_kit`` (a name no student module takes), so a forked child unpickles its tasks.
"""
import multiprocessing
import os
import queue
import signal
import tempfile
import threading
import time

WAIT = 30.0  # bound on any wait of a task: only reached when something is broken


def whoami():
    """Who runs this: the process and thread, by the ids and names the standard library gives."""
    wire = __import__("sys").modules.get("_netspecs_wire")
    return {
        "pid": os.getpid(),
        "ident": threading.get_ident(),
        "process": multiprocessing.current_process().name,
        "process_pid": multiprocessing.current_process().pid,
        "thread": threading.current_thread().name,
        "inline": bool(wire and getattr(wire._HARNESS_THREAD, "flag", False)),  # on a thread of the wire itself
    }


def child(report, release, tag):
    """Report that it started, wait to be released, report that it ends."""
    if report is not None:
        report.put((tag, "started", whoami()))
    released = release.wait(WAIT) if release is not None else True
    if report is not None:
        report.put((tag, "ending", whoami() if released else None))


def work_then_mark(folder, tag, release):
    """Wait to be released, then leave a file saying it finished."""
    if release.wait(WAIT):
        with open(os.path.join(folder, f"finished-{tag}"), "w"):
            pass


def heartbeat(counter):
    """Count up, every 2 ms, until WAIT has passed."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        counter.value += 1
        time.sleep(0.002)


def sleep_for(seconds):
    time.sleep(seconds)


def meet(report, gate, tag):
    """Report arrival (with who ran it), then wait at the gate until every task has arrived."""
    report.put((tag, "arrived", whoami()))
    gate.wait(WAIT)
    return tag


def crash(how):
    """End the process that runs it: by exception, by exit or by a signal."""
    if how == "raise":
        raise RuntimeError("the task failed on purpose")
    if how == "exit":
        os._exit(3)
    os.kill(os.getpid(), signal.SIGKILL)


def mark(folder, tag):
    with open(os.path.join(folder, f"ran-{tag}"), "w") as f:
        f.write(str(os.getpid()))
    return tag


VALUE = {}


def assign_global(value, folder):
    """Set this module's global, then say (in a file) what the task saw."""
    VALUE["global"] = value
    with open(os.path.join(folder, "seen"), "w") as f:
        f.write(repr(value))


TASKS = {f.__name__: f for f in (whoami, child, work_then_mark, heartbeat, sleep_for, meet, crash, mark, assign_global)}


class Kit:
    """What the judge may ask for: tasks by name, the objects they report through, and the few
    things of the subject's world a spec looks at (its pid, its files, signals to its children)."""

    def task(self, name):
        return TASKS[name]

    def Event(self, process=False):
        return multiprocessing.Event() if process else threading.Event()

    def Queue(self, process=False):
        return multiprocessing.Queue() if process else queue.Queue()

    def Value(self):
        return multiprocessing.Value("q", 0)

    def Barrier(self, parties):
        return threading.Barrier(parties, timeout=WAIT)

    def here(self):
        return whoami()

    def mkdtemp(self):
        return tempfile.mkdtemp(prefix="kit-")

    def listdir(self, folder):
        return sorted(os.listdir(folder))

    def read(self, path):
        with open(path) as f:
            return f.read()

    def global_value(self):
        return VALUE.get("global")

    def kill(self, pid, signum):
        os.kill(pid, signum)

    def state(self, pid):
        """The process's state letter in /proc (the subject's own pid namespace): R, S, T, Z..."""
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
