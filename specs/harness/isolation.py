"""Run each spec in a forked child, so that misbehaving code cannot take the run down.

The child runs the whole pytest protocol for one item and sends its reports back through a
pipe (length-prefixed JSON, never a pickle: the child may have run student code; the length
prefix is there so that processes the child forked and that still hold the pipe
cannot make the parent wait for an end-of-file). The parent waits at most the item's timeout
plus a grace period; a child that hangs is killed with its whole process group, a child that
dies is reported with how it died. Every process the spec left behind is then killed: the parent
is a child subreaper (Linux), so orphans are re-parented to it and swept after each spec.

Limits on the child (what a student's code can do to the machine):
- memory: RLIMIT_AS (``SPECS_MEMORY_LIMIT_MB``, default 4096): allocating without end raises
  MemoryError in the spec;
- processes: a pids cgroup per spec (cgroup v1 ``pids`` hierarchy or a delegated cgroup v2
  subtree, whichever is writable; ``SPECS_PIDS_LIMIT``, default 512), because RLIMIT_NPROC does
  not bind root. The cgroup also finds every process of the spec to kill, even ones that left
  its process group. Without a writable cgroup, RLIMIT_NPROC (non-root only), the process-group
  kill and the subreaper sweep remain;
- output: RLIMIT_FSIZE (``SPECS_OUTPUT_LIMIT_MB``, default 128) bounds the captured-output files
  (SIGXFSZ is ignored, so a write past it fails with EFBIG), and the captured output and failure
  text sent back are cut to a head and a tail, so a flood of prints cannot flood the terminal,
  the reports or the memory of the run.
"""
import contextlib
import ctypes
import fcntl
import gc
import json
import os
import resource
import select
import signal
import struct
import sys
import tempfile
import time
import warnings

from _pytest.reports import TestReport
from _pytest.runner import runtestprotocol

from .messages import say

IN_CHILD = False  # true in the forked child that runs one spec
DEFAULT_TIMEOUT = 120.0  # when pytest-timeout is disabled
GRACE = 15.0  # at most this many seconds past pytest-timeout's own alarm before the parent kills the child
GRACE_MIN = 2.0
MEMORY_LIMIT_MB = int(os.environ.get("SPECS_MEMORY_LIMIT_MB", "4096"))
PIDS_LIMIT = int(os.environ.get("SPECS_PIDS_LIMIT", "512"))  # processes + threads of one spec
OUTPUT_LIMIT_MB = int(os.environ.get("SPECS_OUTPUT_LIMIT_MB", "128"))
TEXT_LIMIT = 32 * 1024  # characters of each captured-output section / failure text sent back
_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def fork_quietly():
    """os.fork() without 3.12's warning about forking a multi-threaded process (xdist has IO threads;
    the child runs one spec and leaves through os._exit, never touching them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def grace(timeout):
    """How long the parent waits past the item's timeout: a quarter of it, between GRACE_MIN and
    GRACE. pytest-timeout's alarm usually ends a hang itself; the grace covers its report being
    written, and a hang the alarm cannot break (Hypothesis catches the alarm's failure and replays
    the example, which hangs again with no alarm left)."""
    return min(GRACE, max(GRACE_MIN, timeout / 4))


def _limit_resources():
    limit = MEMORY_LIMIT_MB * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    size = OUTPUT_LIMIT_MB * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not the process
    if os.geteuid() != 0:  # does not bind root: the pids cgroup is the limit there
        with contextlib.suppress(ValueError, OSError):
            soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
            mine = _count_own_processes() + PIDS_LIMIT
            if hard == resource.RLIM_INFINITY or mine < hard:
                resource.setrlimit(resource.RLIMIT_NPROC, (mine, hard))


def _count_own_processes():
    """Tasks (threads count for RLIMIT_NPROC) of this user."""
    uid, count = os.getuid(), 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    with open(f"/proc/{entry}/stat") as f:
                        count += int(f.read().rsplit(")", 1)[1].split()[17])
    return count


_limit_memory = _limit_resources  # the old name


def _boost_priority():
    # Timing specs compare two measurements of one run; a higher priority keeps a busy
    # neighbour from landing on one of them only. Needs root; harmless without.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, -10)


class SpecCgroup:
    """A cgroup for one spec child: caps its processes and threads (pids.max), and on cgroup v2
    its memory (memory.max); lists every process it started, to kill them all after."""

    _base = None  # (version, directory for our cgroups) once found; False when none is writable
    _serial = 0

    def __init__(self, path, version):
        self.path, self.version = path, version

    @classmethod
    def create(cls):
        """A fresh cgroup, or None when no writable pids hierarchy exists here."""
        if cls._base is None:
            cls._base = _find_cgroup_base() or False
        if not cls._base:
            return None
        version, base = cls._base
        cls._serial += 1
        path = os.path.join(base, f"netspecs-{os.getpid()}-{cls._serial}")
        try:
            os.mkdir(path)
            _write(os.path.join(path, "pids.max"), str(PIDS_LIMIT))
            if version == 2:
                with contextlib.suppress(OSError):
                    _write(os.path.join(path, "memory.max"), str(MEMORY_LIMIT_MB * 1024 * 1024))
                    _write(os.path.join(path, "memory.swap.max"), "0")
        except OSError:
            with contextlib.suppress(OSError):
                os.rmdir(path)
            return None
        return cls(path, version)

    @classmethod
    def made_by(cls, pid):
        """The cgroups a process created (a spec child's subjects), once it is gone."""
        if not cls._base:
            return []
        version, base = cls._base
        try:
            names = os.listdir(base)
        except OSError:
            return []
        return [cls(os.path.join(base, name), version) for name in names if name.startswith(f"netspecs-{pid}-")]

    def enter(self):
        """Move the calling process (the spec child, before it runs anything) into the cgroup."""
        with contextlib.suppress(OSError):
            _write(os.path.join(self.path, "cgroup.procs"), str(os.getpid()))

    def pids(self):
        try:
            with open(os.path.join(self.path, "cgroup.procs")) as f:
                return [int(p) for p in f.read().split()]
        except (OSError, ValueError):
            return []

    def hit_pids_limit(self):
        """How many times a fork or thread start was refused by pids.max."""
        try:
            with open(os.path.join(self.path, "pids.events")) as f:
                for line in f:
                    key, _, value = line.partition(" ")
                    if key == "max":
                        return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def kill_all(self, budget=10.0):
        if self.version == 2:
            with contextlib.suppress(OSError):
                _write(os.path.join(self.path, "cgroup.kill"), "1")
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                return True
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            _reap()
            time.sleep(0.005)
        return False

    def remove(self):
        for _ in range(200):
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:  # zombies not yet reaped, or a process still dying
                self.kill_all(budget=0.05)
                _reap()
                time.sleep(0.01)


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def _find_cgroup_base():
    """(version, directory) where this process may create pids cgroups, or None."""
    if not sys.platform.startswith("linux") or os.environ.get("SPECS_NO_CGROUP"):
        return None
    try:
        with open("/proc/self/cgroup") as f:
            lines = [line.rstrip("\n").split(":", 2) for line in f]
    except OSError:
        return None
    candidates = []
    for _, controllers, path in lines:
        if "pids" in controllers.split(","):  # cgroup v1: a pids hierarchy of its own
            candidates.append((1, "/sys/fs/cgroup/pids" + path.rstrip("/")))
    for _, controllers, path in lines:
        if controllers == "":  # cgroup v2: delegated only if pids is enabled for our children
            for mount in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"):
                if os.path.exists(os.path.join(mount, "cgroup.controllers")):
                    candidates.append((2, mount + path.rstrip("/")))
                    break
    for version, directory in candidates:
        probe = os.path.join(directory, f"netspecs-probe-{os.getpid()}")
        try:
            os.mkdir(probe)
        except OSError:
            continue
        try:
            ok = os.path.exists(os.path.join(probe, "pids.max"))
        finally:
            with contextlib.suppress(OSError):
                os.rmdir(probe)
        if ok:
            _remove_stale(directory)
            return version, directory
    return None


def _remove_stale(directory):
    """Cgroups left by runs that were killed before they could remove them."""
    with contextlib.suppress(OSError):
        for name in os.listdir(directory):
            if name.startswith("netspecs-"):
                owner = name.split("-")[1]
                if owner.isdigit() and not os.path.exists(f"/proc/{owner}"):
                    with contextlib.suppress(OSError):
                        os.rmdir(os.path.join(directory, name))


def _reap():
    """Wait for every child that has ended, but the spec children (LIVE: each is waited for by
    its own collector); whether any was."""
    reaped = False
    if LIVE:
        for kid in _children() - set(LIVE):  # zombies are listed too until waited for
            with contextlib.suppress(ChildProcessError):
                reaped = os.waitpid(kid, os.WNOHANG)[0] != 0 or reaped
        return reaped
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid == 0:
            return reaped
        reaped = True


def _freeze_heap():
    """Before a fork: this process's objects go to the collector's permanent generation, so that
    a child's collections never walk them, nor make it copy the pages they sit on (the queue and
    pool specs took 30% less CPU). Cyclic garbage made here between two specs is kept: a little."""
    if not _FROZEN:
        gc.collect()
        _FROZEN.append(True)
    gc.freeze()


_FROZEN = []


LIVE = {}  # pid -> SpecChild: spec children started and not yet collected; sweeps spare them


def run_item_forked(item, timeout_settings, *, timing=False):
    """Run one item's protocol in a child; return its reports. `timeout_settings` are
    pytest-timeout's for the item (None when that plugin is off)."""
    return SpecChild(item, timeout_settings, timing=timing).reports()


class SpecChild:
    """One item's protocol running in a forked child, started at once; ``reports()`` waits for it
    and cleans up after it. Several may run at once (the plugin starts ordinary specs ahead of
    their turn); each is collected in the order of the items."""

    def __init__(self, item, timeout_settings, *, timing=False):
        global IN_CHILD
        config = item.config
        timeout = getattr(timeout_settings, "timeout", None) or DEFAULT_TIMEOUT
        self.item, self.timeout = item, timeout
        self.budget = budget = timeout + grace(timeout)
        self.cgroup = cgroup = SpecCgroup.create()
        factory = getattr(config, "_tmp_path_factory", None)
        if factory is not None:
            # made here, once: a child that makes it wipes the folder first, and with it the
            # tmp_path of a spec running beside
            factory.getbasetemp()
        _freeze_heap()
        read_fd, write_fd = os.pipe()
        try:
            pid = fork_quietly()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            if cgroup is not None:
                cgroup.remove()
            raise
        if pid == 0:  # child
            code = 0
            me = os.getpid()
            try:
                IN_CHILD = True
                os.close(read_fd)
                for other in list(LIVE.values()):  # the pipes of the specs running beside it are not its own
                    with contextlib.suppress(OSError):
                        os.close(other.read_fd)
                LIVE.clear()
                # Its own session: a process group to kill as one, and (with autogroup scheduling) a
                # CPU group of its own, so a timing spec can raise its group's priority without
                # touching the session of the user, or of the worker that runs it.
                os.setsid()
                if cgroup is not None:
                    cgroup.enter()
                become_subreaper()  # not inherited: a dead sandbox's inner processes come here to be waited for
                _limit_resources()
                if timing:
                    _boost_priority()
                if timeout_settings is not None and timeout_settings.timeout:
                    config.hook.pytest_timeout_set_timer(item=item, settings=timeout_settings)
                reports = runtestprotocol(item, log=False, nextitem=None)
                if timeout_settings is not None and timeout_settings.timeout:
                    config.hook.pytest_timeout_cancel_timer(item=item)
                if os.getpid() != me:  # a copy the spec forked that came back up here: not ours to report
                    os._exit(0)
                for report in reports:
                    _tidy(report, timeout)
                data = [config.hook.pytest_report_to_serializable(config=config, report=r) for r in reports]
                payload = json.dumps(data, default=repr).encode()
                view = memoryview(struct.pack("!Q", len(payload)) + payload)
                while view:
                    view = view[os.write(write_fd, view):]
            except BaseException:  # a harness bug; show it, the parent reports the exit
                if os.getpid() == me:
                    import traceback

                    traceback.print_exc()
                code = 70
            finally:
                os._exit(code)
        os.close(write_fd)
        self.pid, self.read_fd = pid, read_fd
        self.started, self.started_wall = time.monotonic(), time.time()
        LIVE[pid] = self

    def abandon(self):
        """End it unreported (a run that stops before its turn), and clean up after it."""
        _kill_group(self.pid)
        self.reports()

    def reports(self):
        item, config, pid, read_fd, cgroup, started = self.item, self.item.config, self.pid, self.read_fd, self.cgroup, self.started
        budget, timeout = self.budget, self.timeout
        # (no setpgid from this side: setsid fails in a child already made a group leader; the group
        # is only killed after the child has run or timed out, and the cgroup and the subreaper
        # sweep catch whatever it started in any case)
        try:
            payload, how = _collect(pid, read_fd, budget, started)
        finally:
            _kill_group(pid)
            LIVE.pop(pid, None)  # reaped by now, or left to the sweep
            limited = 0
            # the spec's own cgroup, and those its subjects ran in (the child made them: its pid in the name)
            cgroups = ([cgroup] if cgroup is not None else []) + SpecCgroup.made_by(pid)
            for group in cgroups:
                group.kill_all()
                limited += group.hit_pids_limit()
            sweep_children()
            for group in cgroups:
                group.remove()
        if limited and how:
            how += say(f"; it also reached the limit of {PIDS_LIMIT} processes and threads (it forked without end)",
                       f"；它还达到了 {PIDS_LIMIT} 个进程和线程的上限（它在无休止地 fork）")
        if payload is not None:
            try:
                data = json.loads(payload.decode())
                reports = [config.hook.pytest_report_from_serializable(config=config, data=d) for d in data]
                for report in reports:  # a skip's (path, line, reason) comes back from JSON as a list
                    if isinstance(report.longrepr, list):
                        report.longrepr = tuple(report.longrepr)
                if limited:
                    for report in reports:
                        if report.failed:
                            _explain(report, say(f"the spec reached its limit of {PIDS_LIMIT} processes and threads: "
                                                 "the implementation forks (or starts threads) without end",
                                                 f"这个测试达到了 {PIDS_LIMIT} 个进程和线程的上限："
                                                 "实现在无休止地 fork（或启动线程）"))
                return reports
            except Exception as exc:  # truncated payload: the child died while writing
                how = how or say(f"its report was unreadable ({exc})", f"它的报告无法读取（{exc}）")
        return [_synthetic_failure(item, how or say("it ended without a report", "它结束了，却没有送回报告"))]


def _cut(text, limit=TEXT_LIMIT):
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n... [{len(text) - 2 * half} characters cut] ...\n{text[-half:]}"


def _explain(report, why):
    """Add a line a student reads first (failure summaries keep the `E ` lines)."""
    report.longrepr = f"{report.longreprtext}\nE   {why}"


def _tidy(report, timeout):
    """In the child: cut huge captured output and failure text, and explain the usual deaths."""
    report.sections = [(title, _cut(content)) for title, content in report.sections]
    if not report.failed:
        return
    text = report.longreprtext
    if len(text) > 2 * TEXT_LIMIT:
        report.longrepr = _cut(text, 2 * TEXT_LIMIT)
        text = report.longreprtext
    if "Failed: Timeout" in text:
        _explain(report, say(f"the spec did not finish within its timeout of {timeout:g} s: the implementation hung "
                             "(an endless loop, a deadlock, or a call that never returns)",
                             f"这个测试没有在 {timeout:g} 秒的时限内完成：实现卡住了"
                             "（死循环、死锁，或某个调用永远不返回）"))
    elif "SystemExit" in text:
        _explain(report, say("the implementation called sys.exit() (or raised SystemExit): a role must never end "
                             "the program it runs in",
                             "实现调用了 sys.exit()（或抛出了 SystemExit）：角色绝不能结束运行它的程序"))
    elif "MemoryError" in text:
        _explain(report, say(f"the implementation ran out of memory (each spec may use {MEMORY_LIMIT_MB} MB): "
                             "it allocates without end",
                             f"实现耗尽了内存（每个测试最多可用 {MEMORY_LIMIT_MB} MB）：它在无休止地分配内存"))
    elif "can't start new thread" in text:
        _explain(report, say(f"the implementation could not start a thread: the spec ran out of memory ({MEMORY_LIMIT_MB} MB) "
                             f"or of processes and threads ({PIDS_LIMIT}); it allocates, forks or starts threads without end",
                             f"实现无法再启动线程：这个测试用完了内存（{MEMORY_LIMIT_MB} MB）"
                             f"或进程和线程的配额（{PIDS_LIMIT} 个）；它在无休止地分配内存、fork 或启动线程"))
    elif "[Errno 27]" in text or "File too large" in text:
        _explain(report, say(f"the implementation wrote more than {OUTPUT_LIMIT_MB} MB of output (printing without end?)",
                             f"实现输出了超过 {OUTPUT_LIMIT_MB} MB 的内容（是不是在无休止地 print？）"))


def _collect(pid, read_fd, budget, started=None):
    """(payload, None) once the child's length-prefixed report has arrived and it exited;
    (None, how it failed) otherwise. The budget counts from the child's start (`started`), but a
    child started ahead of its turn that is collected late gets a few seconds to hand its report over."""
    now = time.monotonic()
    deadline = now + budget if started is None else max(started + budget, now + GRACE_MIN * 5)
    data, expected, status = bytearray(), None, None
    hung = say(
        f"it did not finish within {budget:.0f} s and was killed "
        "(the implementation hung: an endless loop, a deadlock, or a call that never returns)",
        f"它没有在 {budget:.0f} 秒内完成，被强行终止了"
        "（实现卡住了：死循环、死锁，或某个调用永远不返回）",
    )
    try:
        while expected is None or len(data) < expected:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _kill_group(pid)
                os.waitpid(pid, 0)
                return None, hung
            ready, _, _ = select.select([read_fd], [], [], min(remaining, 1.0))
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break  # every writer is gone
            data += chunk
            if expected is None and len(data) >= 8:
                expected = 8 + struct.unpack("!Q", bytes(data[:8]))[0]
        status = _wait_exit(pid, deadline)
        if status is None:
            return None, hung
    finally:
        os.close(read_fd)
    if expected is not None and len(data) >= expected:
        return bytes(data[8:expected]), None
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals.__members__.values() else str(sig)
        return None, say(f"the process running it was killed by {name} (a crash, or it ran out of memory)",
                         f"运行它的进程被 {name} 信号杀死了（程序崩溃，或内存耗尽）")
    code = os.WEXITSTATUS(status)
    return None, say(f"the process running it exited early with code {code} (the implementation called exit)",
                     f"运行它的进程提前退出了，退出码为 {code}（实现调用了 exit）")


def _wait_exit(pid, deadline):
    """The child's wait status; None if it is still alive at the deadline (then it is killed)."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            _kill_group(pid)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.005)


def _kill_group(pgid):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _children():
    me = os.getpid()
    found = set()
    try:
        for task in os.listdir(f"/proc/{me}/task"):
            with open(f"/proc/{me}/task/{task}/children") as f:
                found.update(int(p) for p in f.read().split())
        return found
    except OSError:
        return found


def sweep_children(budget=10.0):
    """Kill and reap every child of this process (orphans come to us as subreaper), but the spec
    children still running (LIVE)."""
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        kids = _children() - set(LIVE)
        for kid in kids:
            _kill_group(kid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(kid, signal.SIGKILL)
        reaped = _reap()
        if not kids and not reaped:
            return
        if kids and not reaped:
            time.sleep(0.01)


def _synthetic_failure(item, how):
    from .claims import claim_ids_of, roles_of

    longrepr = say(f"{item.nodeid}: the spec could not complete: {how}.", f"{item.nodeid}：这个测试未能完成：{how}。")
    return TestReport(
        item.nodeid,
        item.location,
        {k: 1 for k in item.keywords},
        "failed",
        longrepr,
        "call",
        user_properties=[("claims", claim_ids_of(item)), ("roles", roles_of(item))],
    )


TURNSTILE_SUFFIXES = (".turnstile", ".cpu")


def run_turnstile(testrunuid):
    """The lock files' prefix shared by the xdist workers of one run."""
    return os.path.join(tempfile.gettempdir(), f"netspecs-{testrunuid}")


def remove_turnstile(base):
    """Delete the lock files of a shared turnstile (SPECS_TURNSTILE) once its runs are over."""
    for suffix in TURNSTILE_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(base + suffix)


_HELD = []  # the turnstile's (gate, cpu) files while this process holds it
_HELD_AS = {}  # "exclusive": how it is held; "base": the files' prefix


@contextlib.contextmanager
def cpu_turnstile(config, exclusive, keep=False):
    """Across xdist workers: timing specs run alone; others run side by side.

    A turnstile lock in front of a readers/writer lock, so that a waiting timing spec is not
    starved by a stream of ordinary ones. With SPECS_TURNSTILE=<path prefix> in the environment,
    every run given the same prefix shares it (batch grading runs students side by side).
    `keep`: the hold outlasts this spec, for the next of the same kind: a timing spec followed by
    another keeps the CPUs for it, so a run's timing specs (which come last) wait once for the
    other runs' specs to drain, not once each; an ordinary spec whose successors already run
    (started ahead) keeps its share for them.
    """
    worker = getattr(config, "workerinput", None)
    shared = os.environ.get("SPECS_TURNSTILE")  # one turnstile across several runs (batch grading)
    if worker is None and not shared:
        yield
        return
    if _HELD and _HELD_AS.get("exclusive") != exclusive:
        release_turnstile()
    if not _HELD:
        base = shared or run_turnstile(worker["testrunuid"])
        gate, cpu = (open(base + suffix, "a") for suffix in TURNSTILE_SUFFIXES)
        _HELD[:] = [gate, cpu]
        _HELD_AS.update(exclusive=exclusive, base=base)
        try:
            fcntl.flock(gate, fcntl.LOCK_EX)
            try:
                fcntl.flock(cpu, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            finally:
                if not exclusive:
                    fcntl.flock(gate, fcntl.LOCK_UN)
        except BaseException:
            release_turnstile()
            raise
    try:
        yield
    finally:
        if not (keep() if callable(keep) else keep):
            release_turnstile()


def others_wait_at_turnstile():
    """Whether a spec of another worker or run waits at the gate (a timing spec waiting for the
    CPUs holds it): then this worker starts nothing ahead, and lets its share go."""
    base = _HELD_AS.get("base") if _HELD else None
    return base is not None and not lock_is_free(base + TURNSTILE_SUFFIXES[0], fcntl.LOCK_EX)


def lock_is_free(path, mode):
    """Could the flock `mode` (LOCK_SH, LOCK_EX) on the file at `path` be taken now? (Asked
    through a description of its own: taken, then let go at once.)"""
    with open(path, "a") as probe:
        try:
            fcntl.flock(probe, mode | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.flock(probe, fcntl.LOCK_UN)
        return True


def running_ahead():
    """(pids, read descriptors) of the spec children started ahead of their turn, still running:
    held on purpose between specs, as the turnstile's files are."""
    return set(LIVE), {child.read_fd for child in LIVE.values()}


def held_turnstile_fds():
    """The descriptors of the turnstile's files this process holds between timing specs."""
    return {held.fileno() for held in _HELD}


def release_turnstile():
    """Let go of the turnstile: closing its files releases their locks."""
    for held in reversed(_HELD):
        held.close()
    _HELD.clear()
    _HELD_AS.clear()
