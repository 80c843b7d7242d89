"""Run each spec in a forked child, so that misbehaving code cannot take the run down.

The child runs the whole pytest protocol for one item and sends its reports back through a
pipe. The parent waits at most the item's timeout plus a grace period; a child that hangs is
killed with its whole process group, a child that dies is reported with how it died. Every
process the spec left behind is then killed: the parent is a child subreaper (Linux), so
orphans are re-parented to it and swept after each spec.
"""
import contextlib
import ctypes
import fcntl
import os
import pickle
import resource
import select
import signal
import sys
import tempfile
import time
import warnings

from _pytest.reports import TestReport
from _pytest.runner import runtestprotocol

IN_CHILD = False  # true in the forked child that runs one spec
DEFAULT_TIMEOUT = 120.0  # when pytest-timeout is disabled
GRACE = 15.0  # seconds past pytest-timeout's own alarm before the parent kills the child
MEMORY_LIMIT_MB = int(os.environ.get("SPECS_MEMORY_LIMIT_MB", "4096"))
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


def _limit_memory():
    limit = MEMORY_LIMIT_MB * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _boost_priority():
    # Timing specs compare two measurements of one run; a higher priority keeps a busy
    # neighbour from landing on one of them only. Needs root; harmless without.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, -10)


def run_item_forked(item, timeout_settings, *, timing=False):
    """Run one item's protocol in a child; return its reports. `timeout_settings` are
    pytest-timeout's for the item (None when that plugin is off)."""
    global IN_CHILD
    config = item.config
    timeout = getattr(timeout_settings, "timeout", None) or DEFAULT_TIMEOUT
    read_fd, write_fd = os.pipe()
    pid = fork_quietly()
    if pid == 0:  # child
        code = 0
        try:
            IN_CHILD = True
            os.close(read_fd)
            os.setpgid(0, 0)
            _limit_memory()
            if timing:
                _boost_priority()
            if timeout_settings is not None and timeout_settings.timeout:
                config.hook.pytest_timeout_set_timer(item=item, settings=timeout_settings)
            reports = runtestprotocol(item, log=False, nextitem=None)
            if timeout_settings is not None and timeout_settings.timeout:
                config.hook.pytest_timeout_cancel_timer(item=item)
            payload = pickle.dumps([config.hook.pytest_report_to_serializable(config=config, report=r) for r in reports])
            view = memoryview(payload)
            while view:
                view = view[os.write(write_fd, view):]
        except BaseException:  # a harness bug; show it, the parent reports the exit
            import traceback

            traceback.print_exc()
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    payload, how = _collect(pid, read_fd, timeout + GRACE)
    _kill_group(pid)
    sweep_children()
    if payload is not None:
        try:
            data = pickle.loads(payload)
            return [config.hook.pytest_report_from_serializable(config=config, data=d) for d in data]
        except Exception as exc:  # truncated payload: the child died while writing
            how = how or f"its report was unreadable ({exc})"
    return [_synthetic_failure(item, how or "it ended without a report")]


def _collect(pid, read_fd, budget):
    deadline = time.monotonic() + budget
    chunks, status = [], None
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _kill_group(pid)
                os.waitpid(pid, 0)
                return None, (
                    f"it did not finish within {budget:.0f} s and was killed "
                    "(the implementation hung: an endless loop, a deadlock, or a call that never returns)"
                )
            ready, _, _ = select.select([read_fd], [], [], min(remaining, 1.0))
            if ready:
                chunk = os.read(read_fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(read_fd)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals.__members__.values() else str(sig)
        return None, f"the process running it was killed by {name} (a crash, or it ran out of memory)"
    code = os.WEXITSTATUS(status)
    if code != 0 or not chunks:
        return None, f"the process running it exited early with code {code} (the implementation called exit)"
    return b"".join(chunks), None


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
    """Kill and reap every child of this process (orphans come to us as subreaper)."""
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        kids = _children()
        for kid in kids:
            _kill_group(kid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(kid, signal.SIGKILL)
        reaped = False
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            reaped = True
        if not kids and not reaped:
            return
        if kids and not reaped:
            time.sleep(0.01)


def _synthetic_failure(item, how):
    from specs.harness.claims import claim_ids_of

    longrepr = f"{item.nodeid}: the spec could not complete: {how}."
    return TestReport(
        item.nodeid,
        item.location,
        {k: 1 for k in item.keywords},
        "failed",
        longrepr,
        "call",
        user_properties=[("claims", claim_ids_of(item))],
    )


@contextlib.contextmanager
def cpu_turnstile(config, exclusive):
    """Across xdist workers: timing specs run alone; others run side by side.

    A turnstile lock in front of a readers/writer lock, so that a waiting timing spec is not
    starved by a stream of ordinary ones.
    """
    worker = getattr(config, "workerinput", None)
    if worker is None:
        yield
        return
    base = os.path.join(tempfile.gettempdir(), f"netspecs-{worker['testrunuid']}")
    with open(base + ".turnstile", "a") as gate, open(base + ".cpu", "a") as cpu:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(cpu, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        finally:
            if not exclusive:
                fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(cpu, fcntl.LOCK_UN)
            if exclusive:
                fcntl.flock(gate, fcntl.LOCK_UN)
