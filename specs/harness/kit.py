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
import functools
import multiprocessing
import os
import queue
import signal
import sys
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


def publish(path, text):
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(temporary, "w") as f:
        f.write(text)
    os.replace(temporary, path)  # readers never see a half-written file


def rendezvous(folder, name, everyone, timeout):
    """Arrive (saying in which process and thread), then wait, bounded, until everyone has
    arrived; leave what this participant saw. Once one participant gives up the others stop
    waiting too, so tasks run one after another cost one timeout, not one each."""
    publish(os.path.join(folder, f"arrived-{name}"), f"{os.getpid()} {threading.get_ident()}")
    deadline = time.monotonic() + timeout
    while True:
        names = os.listdir(folder)
        seen = {other for other in everyone if f"arrived-{other}" in names}
        if len(seen) == len(everyone) or time.monotonic() > deadline or any(n.startswith("gave-up-") for n in names):
            break
        time.sleep(0.005)
    if len(seen) < len(everyone):
        publish(os.path.join(folder, f"gave-up-{name}"), "")
    publish(os.path.join(folder, f"done-{name}"), " ".join(sorted(seen)))
    return sorted(seen)


def pause_then_finish(folder, name, pause):
    time.sleep(pause)  # the work: long enough that a helper returning early is caught
    publish(os.path.join(folder, f"finished-{name}"), "")


def spin_then_finish(folder, name, cpu_seconds):
    """Use cpu_seconds of CPU on the thread that runs it (the kernel charges them to that thread,
    whatever the process says of itself), then leave a file saying it finished."""
    started, deadline = time.thread_time(), time.monotonic() + WAIT
    while time.thread_time() - started < cpu_seconds and time.monotonic() < deadline:
        pass
    publish(os.path.join(folder, f"finished-{name}"), "")


def finish(folder, name):
    publish(os.path.join(folder, name), "finished")


def crash(how):
    """End the process that runs it: by exit, by a signal, or (any other how) by an exception."""
    if how == "exit":
        os._exit(3)
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    raise RuntimeError("a task that fails (expected in this spec)")


VALUE = {"global": "the parent's value", "list": []}


def assign_global(value, folder):
    """Assign this module's global and append to its list, then leave proof that it ran."""
    VALUE["global"] = value
    VALUE["list"].append(value)
    publish(os.path.join(folder, "assigned"), "")


class Sent:
    """A value a spec hands a role to send to another process: pickling it (to a Manager, down a
    pipe) leaves the pickling process's pid in a file. It arrives as the plain value in a Manager's
    server process (what the Manager stores, and gives back, is plain data), and still as a Sent
    anywhere else: a child started by spawn or forkserver gets its arguments pickled by the parent,
    and the child's own sending of them must leave its pid too."""

    def __init__(self, value, log):
        self.value, self.log = value, log

    def __reduce__(self):
        with open(self.log, "a") as f:
            f.write(f"{os.getpid()}\n")
        return (_arrived, (self.value, self.log))


def _arrived(value, log):
    # the attribute multiprocessing.managers itself checks to know it runs in a Manager's server
    # (Server.serve_forever sets it; RebuildProxy reads it)
    if getattr(multiprocessing.current_process(), "_manager_server", None) is not None:
        return value
    return Sent(value, log)


def start_held(child, patience):
    """child.start(), with the thread it starts held just before it enters run(): threading.settrace's
    hook is installed in each new thread after start() may return and before run() is called, so
    the hook parks the first one there. Returns (held, gate): whether start() returned while a
    thread was held, and the Event that lets it go on. Nothing is held once start() is done
    without one (it started no threading.Thread), and a start() that waits for run() to begin
    gets its thread back after `patience`: its flag, if any, is set by the time it returns."""
    gate, held, returned = threading.Event(), threading.Event(), threading.Event()
    failed = []

    def hold(frame, event, arg):
        sys.settrace(None)  # the hook traces this thread's first call only
        if threading.current_thread() is not starter and not held.is_set():
            held.set()
            gate.wait(WAIT)

    def start():
        try:
            child.start()
        except BaseException as exc:  # handed to the caller, as if it had called start() itself
            failed.append(exc)
        finally:
            returned.set()

    starter = threading.Thread(target=start, name="start_held", daemon=True)
    previous = threading.gettrace() if hasattr(threading, "gettrace") else threading._trace_hook
    threading.settrace(hold)
    try:
        starter.start()
        # both, or the patience: the new thread reads the hook after start() may have returned
        deadline = time.monotonic() + patience
        while not (returned.is_set() and held.is_set()) and time.monotonic() < deadline:
            returned.wait(0.005)
        if not returned.is_set():
            gate.set()  # start() waits for the thread it started (or for something else): let it go on
            returned.wait(WAIT)
    finally:
        threading.settrace(previous)
    if failed:
        raise failed[0]
    return held.is_set() and not gate.is_set(), gate


TASKS = {f.__name__: f for f in (whoami, child, work_then_mark, heartbeat, sleep_for, rendezvous, pause_then_finish,
                                  spin_then_finish, finish, crash, assign_global)}


class Kit:
    """What the judge may ask for: tasks by name, the objects they report through, and the few
    things of the subject's world a spec looks at (its pid, its files, signals to its children)."""

    def task(self, name):
        return TASKS[name]

    def bind(self, name, *args):
        """A task with its arguments, called with none (a helper's own_work)."""
        return functools.partial(TASKS[name], *args)

    def sent(self, values, log):
        """A dict whose values are Sent: which processes pickled them goes to the file `log`."""
        return {key: Sent(value, log) for key, value in values.items()}

    def senders(self, log):
        """The pids that pickled a Sent value, in order (none: it never left its process)."""
        try:
            with open(log) as f:
                return [int(line) for line in f.read().split()]
        except FileNotFoundError:
            return []

    def start_held(self, child, patience):
        return start_held(child, patience)

    def Event(self, process=False):
        return multiprocessing.Event() if process else threading.Event()

    def Queue(self, process=False):
        return multiprocessing.Queue() if process else queue.Queue()

    def Value(self):
        return multiprocessing.Value("q", 0, lock=False)  # a stopped child must not hold a lock its reader waits for

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

    def globals_seen(self):
        """The kit's global and global list, as this process sees them."""
        return VALUE["global"], list(VALUE["list"])

    def reset_globals(self):
        VALUE["global"], VALUE["list"] = "the parent's value", []

    def files(self, folder):
        """Every file in `folder`: name -> text."""
        found = {}
        for name in os.listdir(folder):
            with open(os.path.join(folder, name)) as f:
                found[name] = f.read()
        return found

    def kill(self, pid, signum):
        os.kill(pid, signum)

    def state(self, pid):
        """The process's state letter in /proc (the subject's own pid namespace): R, S, T, Z..."""
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
