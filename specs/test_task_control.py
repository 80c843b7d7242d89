"""多任务运行控制, 多任务标识 — join, terminate, names, the current task, pid and ident, the
lifecycle, daemons, and subclasses of Process and Thread.

Each spec runs against the standard classes and against the implementation's subclasses
(TaskProcess, TaskThread), which must behave the same. What happens when a main program's code
ends is observed from outside: a small parent program runs in its own interpreter and the spec
watches it and its child through files and pids.
"""
import contextlib
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import claim, sandbox, violation_of
from .harness import kit as _kit
from .harness.blocking import assert_blocks_until, assert_returns_promptly
from .harness.fresh import PROJECT_ROOT, environment
from .harness.messages import hint, say
from .harness.servers import wait_until

WAIT = 30.0  # bound on any wait inside a child: only reached when something is broken
SETTLE = 0.05  # how long a join must stay blocked before we release its child


class Kind:
    """A way to make a child: a standard class, or one of the implementation's subclasses. The
    standard ones run here, on the spec's own functions; a role runs in its subject, on the
    subject's task kit (``kit.py``): the same tasks by name, the Event and Queue they report
    through made there, the pids and files of the subject's world looked at there."""

    def __init__(self, label, make, process, role=None, kit=None):
        self.label, self.make, self.process, self.role, self.kit = label, make, process, role, kit

    def Event(self):
        if self.kit is not None:
            return self.kit.Event(self.process)
        return multiprocessing.Event() if self.process else threading.Event()

    def Queue(self):
        if self.kit is not None:
            return self.kit.Queue(self.process)
        return multiprocessing.Queue() if self.process else queue.Queue()

    def Value(self):
        # no lock: the child is stopped (SIGSTOP) at any moment, perhaps holding it, while the
        # judge reads; one writer, and readers only compare, so the bare shared value suffices
        return self.kit.Value() if self.kit is not None else multiprocessing.Value("q", 0, lock=False)

    def task(self, name):
        return self.kit.task(name) if self.kit is not None else TASKS[name]

    def here(self):
        """Who makes the calls on the children: this process and thread, or the subject's."""
        return self.kit.here() if self.kit is not None else whoami()

    def mkdtemp(self, tmp_path_factory):
        return self.kit.mkdtemp() if self.kit is not None else str(tmp_path_factory.mktemp("children"))

    def listdir(self, folder):
        return self.kit.listdir(folder) if self.kit is not None else sorted(os.listdir(folder))

    def kill(self, pid, signum):
        return self.kit.kill(pid, int(signum)) if self.kit is not None else os.kill(pid, signum)

    def state(self, pid):
        return self.kit.state(pid) if self.kit is not None else _state(pid)

    def ident_of(self, child):
        return child.pid if self.process else child.ident

    def oop(self):
        """Failures of the plain start()/run() mechanics count against the subclass claim."""
        return violation_of("control.oop.subclass-overrides-run") if self.role else contextlib.nullcontext()


def _standard(cls):
    return lambda func, args=(), **kw: cls(target=func, args=args, **kw)


def kind_for(name, implementation):
    if name == "Thread":
        return Kind(name, _standard(threading.Thread), process=False)
    if name == "Process":
        return Kind(name, _standard(multiprocessing.Process), process=True)
    role = implementation.role(name)
    return Kind(name, role, process=name == "TaskProcess", role=name, kit=implementation.subject().role("$kit"))


@pytest.fixture(params=["Thread", "Process", "TaskThread", "TaskProcess"])
def kind(request, implementation):
    return kind_for(request.param, implementation)


@pytest.fixture(params=["Process", "TaskProcess"])
def process_kind(request, implementation):
    return kind_for(request.param, implementation)


def whoami():
    return {
        "pid": os.getpid(),
        "ident": threading.get_ident(),
        "process": multiprocessing.current_process().name,
        "process_pid": multiprocessing.current_process().pid,
        "thread": threading.current_thread().name,
        "inline": False,
    }


def _child(report, release, tag):
    if report is not None:
        report.put((tag, "started", whoami()))
    released = release.wait(WAIT) if release is not None else True
    if report is not None:
        report.put((tag, "ending", whoami() if released else None))


class Children:
    """n children of a kind, each reporting when it starts and blocking until released."""

    def __init__(self, kind, n, patience=None, **kwargs):
        self.kind, self.patience = kind, patience
        self.report = kind.Queue()
        self.releases = [kind.Event() for _ in range(n)]
        self.items = [kind.make(kind.task("child"), (self.report, self.releases[i], i), **kwargs) for i in range(n)]
        self.started = {}
        self.ended = {}

    def start(self):
        for child in self.items:
            with self.kind.oop():
                assert_returns_promptly(
                    child.start,
                    what=say(f"{self.kind.label}.start() while its child blocks", f"子任务阻塞期间的 {self.kind.label}.start()"),
                    timeout=self.patience or WAIT,
                )
        while len(self.started) < len(self.items):
            self._read()

    def _read(self):
        tag, what, info = self.report.get(timeout=WAIT)
        (self.started if what == "started" else self.ended)[tag] = info

    def release(self, i):
        self.releases[i].set()

    def cleanup(self):
        for release in self.releases:
            release.set()
        for child in self.items:
            with contextlib.suppress(Exception):
                child.join(WAIT)
            if self.kind.process and child.is_alive():
                child.kill()
                child.join()


@contextlib.contextmanager
def children(kind, n, patience=None, **kwargs):
    made = Children(kind, n, patience, **kwargs)
    try:
        yield made
    finally:
        made.cleanup()


# ------------------------------------------------------------------ 等待子任务结束


@claim("control.join.waits-for-the-child", "control.oop.subclass-overrides-run")
@given(data=st.data(), n=st.integers(1, 3))
@settings(max_examples=4)
def test_join_waits_for_that_child(kind, patience, data, n):
    join_order = data.draw(st.permutations(range(n)), label="join order")
    with children(kind, n, patience) as made:
        made.start()
        released = set()
        for j in join_order:
            early = data.draw(st.sets(st.sampled_from(range(n))).map(lambda s: s - {j} - released), label=f"released before joining {j}")
            for i in early:
                made.release(i)
            released |= early
            if j in released:
                assert assert_returns_promptly(made.items[j].join, what=say(
                    f"join() on an ended {kind.label}", f"对已结束的 {kind.label} 调用 join()")) is None
                continue
            returned = assert_blocks_until(
                made.items[j].join,
                lambda: made.release(j),
                what=say(f"join() on a running {kind.label} (others released: {sorted(released)})",
                         f"对正在运行的 {kind.label} 调用 join()（已放行的其他子任务：{sorted(released)}）"),
                settle=SETTLE,
            )
            released.add(j)
            assert returned is None, say(f"join() returned {returned!r}, not None", f"join() 返回了 {returned!r}，而不是 None")
            assert not made.items[j].is_alive(), say(f"the {kind.label} is still alive after join() returned",
                                                     f"join() 已经返回，这个 {kind.label} 却仍然存活")


def check_join_with_timeout(label, timeout, returned, alive_after_timeout, alive_after_end):
    """What join(timeout) on a running child returned, whether the child was alive then, and
    whether it was still alive once released and joined."""
    assert returned is None, say(f"join(timeout) returned {returned!r}, not None", f"join(timeout) 返回了 {returned!r}，而不是 None")
    assert alive_after_timeout, say(f"the {label} should still be running after join({timeout:.3f}) timed out",
                                    f"join({timeout:.3f}) 超时返回之后，这个 {label} 应当仍在运行")
    assert not alive_after_end, say(f"the {label} is still alive after it ended and was joined",
                                    f"这个 {label} 已经结束并被 join()，却仍然存活")


@claim("control.join.timeout-returns-with-child-alive")
@given(timeout=st.floats(0.01, 0.1))
@settings(max_examples=3)
def test_join_with_timeout_returns_while_child_runs(kind, patience, timeout):
    with children(kind, 1, patience) as made:
        made.start()
        child = made.items[0]
        returned = assert_returns_promptly(
            lambda: child.join(timeout),
            what=say(f"join({timeout:.3f}) on a running {kind.label}", f"对正在运行的 {kind.label} 调用 join({timeout:.3f})"),
            timeout=patience,
        )
        alive_after_timeout = child.is_alive()
        made.release(0)
        child.join(WAIT)
        check_join_with_timeout(kind.label, timeout, returned, alive_after_timeout, child.is_alive())


# ------------------------------------------------------------------ 终止任务


def _work_then_mark(folder, tag, release):
    if release.wait(WAIT):
        Path(folder, f"finished-{tag}").write_text("")


def check_terminated(terminated, survivors, finished):
    """terminated: {i: (is_alive(), exitcode)} of each process terminated and joined; survivors:
    {i: exitcode} of the others, released and joined; finished: the processes whose work finished."""
    for alive, exitcode in terminated.values():
        assert not alive, say("a terminated process is still alive", "被 terminate() 的进程仍然存活")
        assert exitcode == -signal.SIGTERM, say(
            f"a terminated process's exit code is {exitcode}, expected -SIGTERM",
            f"被 terminate() 的进程退出码是 {exitcode}，应为 -SIGTERM")
    for i, exitcode in survivors.items():
        assert exitcode == 0, say(f"process {i}, not terminated, ended with exit code {exitcode}",
                                  f"进程 {i} 没有被 terminate()，结束时退出码却是 {exitcode}")
    assert finished == sorted(survivors), say(
        f"processes {sorted(terminated)} were terminated, but {finished} finished their work",
        f"进程 {sorted(terminated)} 已被 terminate()，完成了工作的却是 {finished}")


@claim("control.terminate.ends-a-process", "control.oop.subclass-overrides-run")
@given(data=st.data(), n=st.integers(1, 3))
@settings(max_examples=4)
def test_terminate_ends_a_running_process(process_kind, tmp_path_factory, patience, data, n):
    doomed = data.draw(st.sets(st.sampled_from(range(n)), min_size=1), label="terminated")
    folder = process_kind.mkdtemp(tmp_path_factory)
    # One Event per child: a child killed inside Event.wait() leaves that Event unusable (set()
    # would wait for the dead sleeper's acknowledgement), so a terminated child's Event is never set.
    releases = [process_kind.Event() for _ in range(n)]
    procs = [process_kind.make(process_kind.task("work_then_mark"), (folder, i, releases[i])) for i in range(n)]
    try:
        for p in procs:
            with process_kind.oop():
                assert_returns_promptly(
                    p.start,
                    what=say(f"{process_kind.label}.start() while its child waits", f"子进程等待期间的 {process_kind.label}.start()"),
                    timeout=patience,
                )
        terminated, survivors = {}, {}
        for i in sorted(doomed):
            procs[i].terminate()
            assert_returns_promptly(lambda: procs[i].join(WAIT), what=say("join() after terminate()", "terminate() 之后的 join()"))
            terminated[i] = (procs[i].is_alive(), procs[i].exitcode)
        for i in set(range(n)) - doomed:
            releases[i].set()
            procs[i].join(WAIT)
            survivors[i] = procs[i].exitcode
        finished = sorted(int(name.split("-")[1]) for name in process_kind.listdir(folder))
        check_terminated(terminated, survivors, finished)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
            with contextlib.suppress(Exception):
                p.join(WAIT)


def check_no_terminate(thread_class):
    """The thread class has no method that ends a thread from outside."""
    for method in ("terminate", "kill", "stop"):
        assert not hasattr(thread_class, method), say(f"threading.Thread has a {method}() method",
                                                      f"threading.Thread 有 {method}() 方法")


@claim("control.terminate.threads-cannot-be-terminated")
def test_threads_have_no_terminate_and_stop_cooperatively():
    check_no_terminate(threading.Thread)
    stop = threading.Event()
    t = threading.Thread(target=lambda: stop.wait(WAIT), daemon=True)
    t.start()
    with pytest.raises(AttributeError):
        t.terminate()
    assert t.is_alive(), say("the thread should still run: nothing can end it from outside",
                             "线程应当仍在运行：没有任何办法从外部结束一个线程")
    stop.set()
    assert_returns_promptly(lambda: t.join(WAIT), what=say("join() on a thread asked to stop through an Event",
                                                           "对已通过 Event 要求停止的线程调用 join()"))
    assert not t.is_alive()


# ------------------------------------------------------------------ whole programs: the main's code ends

PROGRAM = r'''
import os, sys, threading, time
from pathlib import Path


def publish(path, text):
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)  # readers never see a half-written file


def child(folder):
    folder = Path(folder)
    (folder / "child.heartbeat").write_text(str(time.monotonic()))
    publish(folder / "child.pid", f"{os.getpid()} {threading.get_native_id()}")
    deadline = time.monotonic() + 60
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
        (folder / "child.heartbeat").write_text(str(time.monotonic()))
    (folder / "child.finished").write_text("")


def make(kind, package_dir, name):
    if kind in ("Process", "Thread"):
        import multiprocessing
        cls = multiprocessing.Process if kind == "Process" else threading.Thread
        return lambda func, args, **kw: cls(target=func, args=args, **kw)
    import importlib
    sys.path.append(package_dir)
    return getattr(importlib.import_module(name), kind)


if __name__ == "__main__":
    folder, package_dir, name, kind, daemon, scenario = sys.argv[1:]
    folder = Path(folder)
    c = make(kind, package_dir, name)(child, (str(folder),), daemon=daemon == "daemon")
    c.start()
    deadline = time.monotonic() + 60
    while not (folder / "child.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    if scenario == "killed":
        (folder / "parent.waiting").write_text("")
        time.sleep(120)
    (folder / "parent.code-done").write_text("")
'''


def gone(pid):
    """The process no longer runs (no such process, or a zombie waiting to be reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


class ParentProgram:
    """The program above, watched through its folder: with a role, in a sandbox of its own (the
    student's package imported there, never here); with a standard class, as a plain interpreter."""

    def __init__(self, folder, implementation, kind, daemon, scenario="ends"):
        self.folder = Path(folder)
        self.launched, self.startup = time.monotonic(), None
        if implementation is not None:
            self.sandboxed = sandbox.Program(implementation.package, PROGRAM, [kind, daemon, scenario], self.folder)
            self.proc = self.sandboxed.proc
        else:
            self.sandboxed = None
            script = self.folder / "parent_program.py"
            script.write_text(PROGRAM)
            self.proc = subprocess.Popen(
                [sys.executable, str(script), str(self.folder), "", "", kind, daemon, scenario],
                start_new_session=True, env=environment(), cwd=str(PROJECT_ROOT),
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )

    def wait_for(self, name, timeout):
        found = wait_until(lambda: (self.folder / name).exists() or self.proc.poll() is not None, timeout) and (self.folder / name).exists()
        if found and name == "child.pid" and self.startup is None:
            self.startup = time.monotonic() - self.launched
        return found

    def exit_window(self):
        """How long a parent that does not wait for its child takes to exit once its code is done:
        less than its own start (an interpreter, the imports, starting the child) took, measured in
        this run under this load. Twice that, and never under 0.3 s."""
        return max(0.3, 2 * (self.startup or 0.0))

    def child_pid(self):
        """The child's pid as this process numbers it (a sandbox has a pid namespace of its own);
        None once a sandboxed child is gone."""
        inner = int((self.folder / "child.pid").read_text().split()[0])
        return self.sandboxed.host_pid(inner) if self.sandboxed is not None else inner

    def child_gone(self, pid):
        return pid is None or gone(pid)

    def has(self, name):
        return (self.folder / name).exists()

    def release(self):
        (self.folder / "release").write_text("")

    def exited_within(self, timeout):
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def stderr_tail(self):
        if self.proc.poll() is None:
            return ""
        return self.proc.stderr.read().decode(errors="replace")[-1500:]

    def close(self):
        if self.sandboxed is not None:
            self.sandboxed.close()
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            if self.has("child.pid"):
                os.kill(self.child_pid(), signal.SIGKILL)  # a killed parent's orphan has left the group
        self.proc.wait()
        self.proc.stderr.close()


@contextlib.contextmanager
def parent_program(tmp_path, implementation, kind, daemon, scenario="ends"):
    program = ParentProgram(tmp_path, implementation, kind, daemon, scenario)
    try:
        assert program.wait_for("child.pid", WAIT), say(
            "the parent program never started its child:\n", "父程序始终没有启动它的子任务：\n") + program.stderr_tail()
        yield program
    finally:
        program.close()


@claim("control.terminate.children-outlive-parent-code", "control.daemon.non-daemon-process-awaited")
@pytest.mark.parametrize("kind_name", ["Process", "TaskProcess"])
def test_parent_waits_for_non_daemon_child(tmp_path, implementation, patience, kind_name):
    if kind_name != "Process":
        implementation.role(kind_name)
    with parent_program(tmp_path, implementation, kind_name, "non-daemon") as program:
        assert program.wait_for("parent.code-done", WAIT), say(
            "the parent's code did not finish:\n", "父进程的代码没有执行完：\n") + program.stderr_tail()
        pid = program.child_pid()
        assert not program.exited_within(program.exit_window()), say(
            "the parent process exited while its non-daemon child was still running", "父进程在它的非守护子进程仍在运行时就退出了")
        assert not program.child_gone(pid), say("the non-daemon child was ended when the parent's code finished",
                                                "父进程的代码执行完时，非守护子进程被结束了")
        program.release()
        assert program.exited_within(patience.seconds), say("the parent did not exit after its non-daemon child finished",
                                                            "非守护子进程结束之后，父进程没有退出")
        assert program.proc.returncode == 0, say(
            f"the parent exited with {program.proc.returncode}:\n", f"父进程退出时的退出码是 {program.proc.returncode}：\n"
        ) + program.stderr_tail()
        assert program.has("child.finished"), say("the non-daemon child did not get to finish its work",
                                                  "非守护子进程没能完成它的工作")
        assert wait_until(lambda: program.child_gone(pid), 5), say("the child still runs after the parent exited",
                                                                   "父进程退出之后，子进程仍在运行")


@claim("control.terminate.children-outlive-parent-code")
def test_children_survive_a_killed_parent(tmp_path, patience):
    with parent_program(tmp_path, None, "Process", "non-daemon", scenario="killed") as program:
        assert program.wait_for("parent.waiting", WAIT)
        pid = program.child_pid()
        os.kill(program.proc.pid, signal.SIGKILL)
        program.proc.wait(WAIT)
        assert not program.child_gone(pid), say("the child process died with its killed parent", "父进程被杀死时，子进程也跟着结束了")
        before = program.folder.joinpath("child.heartbeat").stat().st_mtime_ns
        assert wait_until(lambda: program.folder.joinpath("child.heartbeat").stat().st_mtime_ns != before, patience.seconds), say(
            "the orphaned child stopped working", "成为孤儿的子进程停止了工作"
        )
        program.release()
        assert wait_until(lambda: program.has("child.finished"), patience.seconds), say(
            "the orphaned child did not finish its work", "成为孤儿的子进程没有完成它的工作")


@claim("control.daemon.process-ended-with-parent")
@pytest.mark.parametrize("kind_name", ["Process", "TaskProcess"])
def test_daemon_process_ends_with_the_parent(tmp_path, implementation, patience, kind_name):
    if kind_name != "Process":
        implementation.role(kind_name)
    with parent_program(tmp_path, implementation, kind_name, "daemon") as program:
        pid = program.child_pid()
        assert program.exited_within(patience.seconds), say("the parent did not exit: it is waiting for its daemon child",
                                                            "父进程没有退出：它在等待它的守护子进程")
        assert program.proc.returncode == 0, say(
            f"the parent exited with {program.proc.returncode}:\n", f"父进程退出时的退出码是 {program.proc.returncode}：\n"
        ) + program.stderr_tail()
        assert wait_until(lambda: program.child_gone(pid), 5), say("the daemon child outlived the parent",
                                                                   "父进程退出之后，守护子进程仍然存活")
        assert not program.has("child.finished"), say("the daemon child finished its work instead of being ended",
                                                      "守护子进程完成了它的工作，而本应随父进程一起被结束")


def _grandchild(report):
    report.put("grandchild ran")


def _start_a_grandchild(report):
    """In a child: start a process and a thread of its own; report what happened to each."""
    outcome = {}
    try:
        grandchild = multiprocessing.Process(target=_grandchild, args=(report,))
        grandchild.start()
        grandchild.join(WAIT)
        outcome["process"] = "started"
    except Exception as exc:  # the claim is about which exception, so catch them all
        outcome["process"] = f"{type(exc).__name__}: {exc}"
    thread = threading.Thread(target=lambda: None)
    thread.start()
    thread.join(WAIT)
    outcome["thread"] = "started"
    report.put(outcome)


def children_of(daemon):
    """What a (daemon or not) child saw when it started a process and a thread: (outcome, whether
    the grandchild ran). The grandchild reports before the child does (the child joins it first)."""
    report = multiprocessing.Queue()
    child = multiprocessing.Process(target=_start_a_grandchild, args=(report,), daemon=daemon)
    child.start()
    try:
        ran = False
        while True:
            message = report.get(timeout=WAIT)
            if message == "grandchild ran":
                ran = True
            else:
                return message, ran
    finally:
        child.join(WAIT)
        if child.is_alive():
            child.kill()
            child.join(WAIT)


def check_daemon_children(daemon_saw, daemon_grandchild_ran, normal_saw, normal_grandchild_ran):
    assert daemon_saw["process"].startswith("AssertionError") and "daemonic" in daemon_saw["process"], say(
        f"a daemon process starting a process of its own: {daemon_saw['process']}; expected AssertionError "
        "('daemonic processes are not allowed to have children')",
        f"守护进程启动自己的子进程，结果是：{daemon_saw['process']}；应当抛出 AssertionError"
        "（'daemonic processes are not allowed to have children'）",
    )
    assert not daemon_grandchild_ran, say("a daemon process's own child process ran", "守护进程自己的子进程运行了")
    assert daemon_saw["thread"] == "started", say("a daemon process could not start a thread", "守护进程无法启动线程")
    assert normal_saw["process"] == "started" and normal_grandchild_ran, say(
        f"a non-daemon child starting a process of its own: {normal_saw['process']}, grandchild ran: {normal_grandchild_ran}",
        f"非守护子进程启动自己的子进程，结果是：{normal_saw['process']}，孙进程是否运行：{normal_grandchild_ran}",
    )


@claim("control.daemon.process-has-no-children")
def test_a_daemon_process_cannot_start_processes_of_its_own():
    check_daemon_children(*children_of(daemon=True), *children_of(daemon=False))


@claim("control.daemon.daemon-thread-does-not-keep-process")
@pytest.mark.parametrize("kind_name", ["Thread", "TaskThread"])
def test_daemon_thread_does_not_keep_the_process(tmp_path, implementation, patience, kind_name):
    if kind_name != "Thread":
        implementation.role(kind_name)
    with parent_program(tmp_path, implementation, kind_name, "daemon") as program:
        assert program.exited_within(patience.seconds), say("the process did not exit: its daemon thread kept it alive",
                                                            "进程没有退出：它的守护线程让它一直活着")
        assert program.proc.returncode == 0, say(
            f"the process exited with {program.proc.returncode}:\n", f"进程退出时的退出码是 {program.proc.returncode}：\n"
        ) + program.stderr_tail()
        assert not program.has("child.finished"), say("the daemon thread finished its work; the process should not have waited for it",
                                                      "守护线程完成了它的工作；进程本不应等它")


@claim("control.daemon.non-daemon-thread-keeps-process")
@pytest.mark.parametrize("kind_name", ["Thread", "TaskThread"])
def test_non_daemon_thread_keeps_the_process(tmp_path, implementation, patience, kind_name):
    if kind_name != "Thread":
        implementation.role(kind_name)
    with parent_program(tmp_path, implementation, kind_name, "non-daemon") as program:
        assert program.wait_for("parent.code-done", WAIT), say(
            "the main thread's code did not finish:\n", "主线程的代码没有执行完：\n") + program.stderr_tail()
        assert not program.exited_within(program.exit_window()), say(
            "the process exited while a non-daemon thread was still running", "进程在一个非守护线程仍在运行时就退出了")
        program.release()
        assert program.exited_within(patience.seconds), say("the process did not exit after its non-daemon thread returned",
                                                            "非守护线程返回之后，进程没有退出")
        assert program.has("child.finished"), say("the non-daemon thread did not get to finish its work",
                                                  "非守护线程没能完成它的工作")


# ------------------------------------------------------------------ 任务名字, 获取当前进程


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=16)


def check_current_is_the_child(label, process, name, ident, inside):
    """inside: what a started child saw of itself (whoami()); name: the name it was started with;
    ident: its pid (a process) or ident (a thread) as its parent sees it."""
    with violation_of("control.current.is-the-running-child"):
        seen = inside["process"] if process else inside["thread"]
        assert seen == name, say(f"inside the {label}, the current name is {seen!r}; it was started as {name!r}",
                                 f"在 {label} 内部，当前名字是 {seen!r}；启动时它的名字是 {name!r}")
        if process:
            assert inside["process_pid"] == ident == inside["pid"], say(
                "current_process().pid inside the child is not the child's pid", "子进程内部的 current_process().pid 不是这个子进程的 pid")
        else:
            assert inside["ident"] == ident, say("current_thread() inside the thread is not that thread",
                                                 "线程内部的 current_thread() 不是这个线程本身")


@claim("control.name.set-and-renamed", "control.current.is-the-running-child")
@given(first=names, second=names, third=names)
@settings(max_examples=4)
def test_names(kind, patience, first, second, third):
    with children(kind, 1, patience, name=first) as made:
        child = made.items[0]
        with violation_of("control.name.set-and-renamed"):
            assert child.name == first, say(f"constructed with name={first!r}, .name is {child.name!r}",
                                            f"构造时传入了 name={first!r}，.name 却是 {child.name!r}")
            child.name = second
            assert child.name == second, say(f"after assigning .name = {second!r} it is {child.name!r}",
                                             f"赋值 .name = {second!r} 之后，它却是 {child.name!r}")
        made.start()
        check_current_is_the_child(kind.label, kind.process, second, kind.ident_of(child), made.started[0])
        with violation_of("control.name.set-and-renamed"):
            child.name = third
            assert child.name == third
            made.release(0)
            child.join(WAIT)
            made._read()
            seen = made.ended[0]["process"] if kind.process else made.ended[0]["thread"]
            expected = second if kind.process else third  # a process has its own copy of its object
            assert seen == expected, say(
                f"renamed to {third!r} after start: inside the {kind.label} the name is {seen!r}, expected {expected!r}",
                f"启动后改名为 {third!r}：在 {kind.label} 内部名字是 {seen!r}，应为 {expected!r}")
    default = [kind.make(kind.task("child"), (None, None, 0)) for _ in range(2)]
    with violation_of("control.name.set-and-renamed"):
        assert all(isinstance(c.name, str) and c.name for c in default), say(
            "a child made without a name has no generated name", "创建时没有给名字的子任务没有自动生成的名字")
        assert default[0].name != default[1].name, say(f"two children got the same generated name {default[0].name!r}",
                                                       f"两个子任务自动生成了同一个名字 {default[0].name!r}")
    with violation_of("control.current.is-the-running-child"):
        assert multiprocessing.current_process().pid == os.getpid()
        assert threading.current_thread() is threading.main_thread()


# ------------------------------------------------------------------ 多任务标识, 生存周期


def identity(process):
    """The claim about a child's id, and what the id is called: a process's pid, a thread's ident."""
    if process:
        return "ident.pid.assigned-at-start-and-constant", "pid"
    return "ident.ident.assigned-at-start-and-constant", "ident"


def check_unstarted(process, ids, alive):
    """ids: the pid (process) or ident (thread) of each child constructed but not started yet;
    alive: what is_alive() said of each."""
    id_claim, what = identity(process)
    with violation_of(id_claim):
        assert ids == [None] * len(ids), say(f"{what} should be None before start()", f"start() 之前 {what} 应为 None")
    with violation_of("control.lifecycle.alive-from-start-to-end"):
        assert not any(alive), say("is_alive() should be false before start()", "start() 之前 is_alive() 应为 False")


@claim(
    "ident.pid.assigned-at-start-and-constant",
    "ident.ident.assigned-at-start-and-constant",
    "control.lifecycle.alive-from-start-to-end",
    "control.oop.subclass-overrides-run",
)
@given(n=st.integers(1, 3))
@settings(max_examples=3)
def test_identity_and_lifecycle(kind, patience, n):
    id_claim, what = identity(kind.process)
    with children(kind, n, patience) as made:
        check_unstarted(kind.process, [kind.ident_of(c) for c in made.items], [c.is_alive() for c in made.items])
        made.start()
        ids = [kind.ident_of(c) for c in made.items]
        inside = [made.started[i]["pid" if kind.process else "ident"] for i in range(n)]
        with kind.oop():
            if kind.process:
                assert kind.here()["pid"] not in inside, say(f"{kind.label}.start() ran the child in the calling process",
                                                             f"{kind.label}.start() 在调用它的进程里直接运行了子任务")
            else:
                assert threading.get_ident() not in inside, say(f"{kind.label}.start() ran the child in the calling thread",
                                                                f"{kind.label}.start() 在调用它的线程里直接运行了子任务")
                assert not any(made.started[i]["inline"] for i in range(n)), say(
                    f"{kind.label}.start() ran the child in the calling thread", f"{kind.label}.start() 在调用它的线程里直接运行了子任务")
        with violation_of(id_claim):
            assert ids == inside, say(f"the {what}s the parent sees {ids} are not the children's own {inside}",
                                      f"父任务看到的 {what} {ids} 不是子任务自己的 {inside}")
            assert len(set(ids)) == n, say(f"live children share {what}s: {ids}", f"存活的子任务有相同的 {what}：{ids}")
            assert all(isinstance(i, int) for i in ids)
        with violation_of("control.lifecycle.alive-from-start-to-end"):
            assert all(c.is_alive() for c in made.items), say("is_alive() should be true while the child runs",
                                                              "子任务运行期间 is_alive() 应为 True")
        for i, child in enumerate(made.items):
            made.release(i)
            child.join(WAIT)
            with violation_of("control.lifecycle.alive-from-start-to-end"):
                assert not child.is_alive(), say("is_alive() should be false once the child has ended",
                                                 "子任务结束之后 is_alive() 应为 False")
            made._read()
            with violation_of(id_claim):
                assert made.ended[i]["pid" if kind.process else "ident"] == ids[i], say(
                    f"the child's {what} changed while it ran", f"子任务的 {what} 在它运行期间变了")
                assert kind.ident_of(child) == ids[i], say(f"the {what} changed after the child ended",
                                                           f"子任务结束之后，它的 {what} 变了")
        with violation_of("control.lifecycle.alive-from-start-to-end"):
            with pytest.raises((RuntimeError, AssertionError)):
                made.items[0].start()


@pytest.fixture(params=["Thread", "TaskThread"])
def thread_kind(request, implementation):
    return kind_for(request.param, implementation)


@claim("control.lifecycle.alive-from-start-to-end")
def test_alive_as_soon_as_start_returns(thread_kind, patience):
    """is_alive() is true from the moment start() returns, also while the new thread has not yet
    entered run(): the judge holds it there (a flag set by run() is false in that gap)."""
    kind = thread_kind
    start_held = kind.kit.start_held if kind.kit is not None else _kit.start_held
    with children(kind, 1, patience) as made:
        child = made.items[0]
        with kind.oop():
            # a start() that waits for its run() to begin is given the thread back after this
            # grace: a normal start() returns within microseconds of the thread being held
            grace = min(patience.seconds, 2.0)
            held, gate = assert_returns_promptly(lambda: start_held(child, grace), timeout=WAIT,
                                                 what=say(f"{kind.label}.start()", f"调用 {kind.label}.start()"))
        try:
            alive = child.is_alive()
        finally:
            gate.set()
        with violation_of("control.lifecycle.alive-from-start-to-end"):
            # (held: the thread had not entered run(); not held: start() started no threading.Thread)
            assert alive, say("is_alive() was false right after start() returned"
                              + (", while the new thread had not yet entered run()" if held else ""),
                              "start() 返回之后 is_alive() 立即为 False" + ("，而新线程此时还没进入 run()" if held else "")) + hint(
                "keep threading.Thread's own is_alive(); a flag set inside run() is false until the new thread gets there",
                "沿用 threading.Thread 自带的 is_alive()；在 run() 里设置的标志，要等新线程执行到那里才会变为 True")


def _heartbeat(counter):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        counter.value += 1
        time.sleep(0.002)


def _state(pid):
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


TASKS = {"child": _child, "work_then_mark": _work_then_mark, "heartbeat": _heartbeat}  # the kit's, for the standard kinds


def check_stopped(pid, state, before, after):
    """state: the process's state in /proc once SIGSTOP was sent; before, after: its heartbeat
    counter then and after a pause."""
    assert state == "T", say(f"after SIGSTOP /proc/{pid}/stat says {state}, not T (stopped)",
                             f"发送 SIGSTOP 之后，/proc/{pid}/stat 显示的状态是 {state}，而不是 T（已暂停）")
    assert after == before, say("the child kept working after SIGSTOP", "发送 SIGSTOP 之后子进程仍在工作")


@claim("ident.pid.observe-and-control")
def test_a_pid_observes_and_controls_the_process(process_kind, patience):
    if not os.path.isdir("/proc/self"):
        pytest.skip("needs /proc (Linux)")
    counter = process_kind.Value()
    p = process_kind.make(process_kind.task("heartbeat"), (counter,), daemon=True)
    p.start()
    try:
        assert wait_until(lambda: counter.value > 0, patience.seconds), say("the child never started beating",
                                                                            "子进程始终没有开始计数（心跳）")
        process_kind.kill(p.pid, signal.SIGSTOP)
        state = process_kind.state
        wait_until(lambda: state(p.pid) == "T", WAIT)
        stopped = state(p.pid)
        frozen = counter.value
        time.sleep(0.1)  # a deliberate pause: a stopped process cannot beat
        check_stopped(p.pid, stopped, frozen, counter.value)
        process_kind.kill(p.pid, signal.SIGCONT)
        assert wait_until(lambda: counter.value > frozen, patience.seconds), say("the child did not resume after SIGCONT",
                                                                                 "发送 SIGCONT 之后子进程没有恢复运行")
        process_kind.kill(p.pid, signal.SIGKILL)
        p.join(WAIT)
        assert p.exitcode == -signal.SIGKILL, say(f"after SIGKILL the exit code is {p.exitcode}",
                                                  f"发送 SIGKILL 之后退出码是 {p.exitcode}")
    finally:
        if p.is_alive():
            p.kill()
        p.join(WAIT)


def check_thread_ids(n, pid, seen, main_id):
    """seen: (pid, kernel thread id) as each of n threads saw them inside; pid: the process's;
    main_id: the kernel id of the thread that started them."""
    assert {p for p, _ in seen} == {pid}, say(
        f"threads saw pids {sorted({p for p, _ in seen})}, the process is {pid}",
        f"线程看到的 pid 是 {sorted({p for p, _ in seen})}，而进程的 pid 是 {pid}")
    natives = [native for _, native in seen] + [main_id]
    assert len(set(natives)) == n + 1, say(f"kernel thread ids are not distinct: {natives}", f"内核线程 id 有重复：{natives}")


@claim("ident.ident.threads-have-no-pid-of-their-own")
@given(n=st.integers(1, 4))
@settings(max_examples=3)
def test_threads_share_the_pid_but_not_the_kernel_id(n):
    barrier = threading.Barrier(n + 1, timeout=WAIT)
    seen = []

    def body():
        seen.append((os.getpid(), threading.get_native_id()))
        barrier.wait()

    threads = [threading.Thread(target=body, daemon=True) for _ in range(n)]
    for t in threads:
        t.start()
    barrier.wait()
    for t in threads:
        t.join(WAIT)
    check_thread_ids(n, os.getpid(), seen, threading.get_native_id())
