"""Start subjects: the processes where student code runs, each in a sandbox, each behind the wire.

A ``Subject`` is ``subject.py`` started by exec (never forked from a judge), with a private,
read-only copy of the student's package and the wire's socket inherited. With bubblewrap
(``bwrap``; Debian package ``bubblewrap``) the sandbox is:

- a file system built from nothing: the system's programs and libraries (``/usr``, ``/etc``...)
  and the interpreter's own folders, read-only; no checkout (``impl/``, the known-bads, grades),
  no home, no other submission, no ``/var`` or ``/run`` (no host unix socket); a private
  ``/tmp`` and ``/dev/shm`` of 64 MB each; the package and the stub under ``/tmp/netspecs``;
- run by a root judge, the subject is uid ``nobody`` (``setpriv``, no capabilities, no new
  privileges): no root-only file, no ``/proc/sys`` setting; a non-root judge's subject is its
  own uid, in a user namespace;
- its own network namespace: no connection of its own reaches anything; a server role serves the
  judge's loopback through the listener it inherits;
- its own pid namespace (it sees only its own processes; when it ends, they all end), capabilities
  dropped, dying with its judge;
- the limits of ``isolation``: address space, output size, and a pids cgroup of its own.

Where bubblewrap cannot run, ``containment()`` falls back to a plain process (same limits, a clean
environment, the private copy; files and network are then reachable) and says so; ``grade``
refuses that level unless told ``--unsafe-no-sandbox``.
"""
import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import isolation, wire
from .messages import say

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
STUB_FILES = ("subject.py", "wire.py", "kit.py")
INSIDE = "/tmp/netspecs"  # where the run folder appears in the sandbox
SHARED_INSIDE = "/tmp/shared"  # where a Program's shared folder appears
START_TIMEOUT = 60.0  # importing the package, at most
OUTPUT_TAIL = 4000  # characters of a subject's stderr kept for a reason
MAX_PACKAGE_BYTES = 64 << 20
SCRATCH_BYTES = 64 << 20  # the subject's /tmp, and its /dev/shm (multiprocessing's semaphores)
SYSTEM_TOPS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
THREAD_LOOKUPS = 5  # reads of /proc before a thread a request names is taken for forged
SUBJECT_UID = SUBJECT_GID = 65534  # nobody: what a root judge's subjects run as

BUBBLEWRAP = "bubblewrap"
PROCESS = "process"
LEVELS = {
    BUBBLEWRAP: "bubblewrap sandbox (read-only files, no network of its own, own pid namespace)",
    PROCESS: "process isolation only (bubblewrap unavailable: student code can read files and open connections)",
}


class SubjectFailed(AssertionError):
    """The subject could not start or died; the message says how, with the end of its stderr."""


# ---- containment level ----

_LEVEL = []


def containment():
    """BUBBLEWRAP when a bubblewrap sandbox starts here, else PROCESS (cached)."""
    if not _LEVEL:
        _LEVEL.append(BUBBLEWRAP if _bubblewrap_works() else PROCESS)
    return _LEVEL[0]


def _bubblewrap_works():
    if os.environ.get("SPECS_SANDBOX") == "process" or not sys.platform.startswith("linux"):
        return False
    if shutil.which("bwrap") is None or (os.geteuid() == 0 and shutil.which("setpriv") is None):
        return False
    with tempfile.TemporaryDirectory() as run:
        cmd = _bwrap_args(run) + [sys.executable, "-I", "-c", "pass"]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return False
    return done.returncode == 0


# ---- the private copy ----


class Package:
    """The student's package (a folder with __init__.py, or a .py file), copied into a run folder
    with the stub; shared read-only by every subject of this process."""

    def __init__(self, source, name):
        self.source, self.name = Path(source), name
        _sweep_stale_copies()
        # 0700: no other user of the host reads the copy; the pid in its name lets a later run
        # remove it if this process is killed before atexit runs
        private = tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-")
        atexit.register(remove_copy, private)
        self.run = Path(private) / "run"
        self.run.mkdir()
        (self.run / "stub").mkdir()
        for name_ in STUB_FILES:
            shutil.copy2(HERE / name_, self.run / "stub" / name_)
        (self.run / "package").mkdir()
        if self.source.is_dir():
            _check_size(self.source)
            shutil.copytree(self.source, self.run / "package" / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif self.source.is_file():
            shutil.copy2(self.source, self.run / "package" / f"{name}.py")
        for path in [self.run, *self.run.rglob("*")]:  # read-only (the fallback level too); readable by nobody
            with contextlib.suppress(OSError):
                if not path.is_symlink():
                    path.chmod(0o555 if path.is_dir() else (0o555 if path.stat().st_mode & 0o100 else 0o444))


RUN_PREFIX = "netspecs-run-"


def _sweep_stale_copies():
    """Remove the run folders of judges that are gone (killed, so their atexit never ran)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(tempfile.gettempdir()):
            owner = entry.name[len(RUN_PREFIX):].split("-", 1)[0]
            if not entry.name.startswith(RUN_PREFIX) or not owner.isdigit() or _pid_alive(int(owner)):
                continue
            remove_copy(entry.path)


def remove_copy(folder):
    """Delete a run folder, whose copy is read-only (for a user other than root, too)."""
    for root, dirs, _ in os.walk(folder):
        for name in dirs:
            with contextlib.suppress(OSError):
                if not os.path.islink(os.path.join(root, name)):
                    os.chmod(os.path.join(root, name), 0o700)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    shutil.rmtree(folder, ignore_errors=True)


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but another user's
        return True
    return True


def _check_size(folder):
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        if total > MAX_PACKAGE_BYTES:
            raise SubjectFailed(f"the package is larger than {MAX_PACKAGE_BYTES >> 20} MB")


def _runtime_paths():
    """The interpreter's own folders: the sandbox shows them, wherever they are."""
    import site
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.update(p for p in sysconfig.get_paths().values())
    with contextlib.suppress(AttributeError):
        paths.update(site.getsitepackages())
    paths.add(os.path.dirname(os.path.realpath(sys.executable)))
    return sorted(p for p in paths if p and os.path.isdir(p))


def _installed_tool_copies():
    """This tool's own folder and any installed netspecs package: the interpreter's folders the
    sandbox shows may hold them (site-packages), and with them the reference implementation."""
    import importlib.util

    import importlib.machinery

    copies = {os.path.realpath(str(HERE.parent))}
    # the copy this process imported (pytest loads netspecs' entry points) and the one its path finds
    for find in (importlib.util.find_spec, importlib.machinery.PathFinder.find_spec):
        with contextlib.suppress(ImportError, ValueError):
            found = find("netspecs")  # finds without importing it
            if found is not None and found.submodule_search_locations:
                copies.update(os.path.realpath(p) for p in found.submodule_search_locations)
    return sorted(copies)


def _runtime_paths_below(folder):
    """Names directly inside a folder the sandbox does not show that it still holds (the way to an
    interpreter folder: a venv in the checkout, pyenv in the home)."""
    folder = os.path.realpath(str(folder))
    names = set()
    for path in _runtime_paths():
        real = os.path.realpath(path)
        if real.startswith(folder + os.sep):
            names.add(real[len(folder) + 1:].split(os.sep)[0])
    return names


def _bwrap_args(run, shared=None):
    """The sandbox, built from nothing: the system's programs and libraries, the interpreter's own
    folders (wherever they are: a venv in a checkout, pyenv in a home) and the run folder, all
    read-only; a private /tmp and /dev/shm of bounded size. Nothing else of the host exists in it:
    no checkout, no home, no other submission, no /var or /run (no host unix socket)."""
    args = ["bwrap"]
    if os.geteuid() != 0:
        args.append("--unshare-user")  # maps the subject to the judge's own uid
    for top in SYSTEM_TOPS:
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    args += ["--dev", "/dev", "--proc", "/proc"]
    for scratch in ("/tmp", "/dev/shm"):  # tmpfs pages are host memory outside RLIMIT_AS: bounded here
        args += ["--perms", "1777", "--size", str(SCRATCH_BYTES), "--tmpfs", scratch]
    bound, made = [], set(SYSTEM_TOPS) | {"/tmp", "/dev"}
    for path in _runtime_paths():
        real = os.path.realpath(path)
        if any(real == b or real.startswith(b + os.sep) for b in bound + list(SYSTEM_TOPS)):
            continue
        parents = [str(p) for p in reversed(Path(real).parents) if str(p) != "/"]
        for parent in parents:
            if parent not in made:  # traversable, whatever the host's mode (/root is 0700)
                args += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        args += ["--ro-bind", real, real]
        bound.append(real)
        made.add(real)
    for tool in _installed_tool_copies():  # an installed netspecs (the instructor's: with the reference)
        if any(tool.startswith(b + os.sep) for b in bound):
            args += ["--perms", "0000", "--size", "4096", "--tmpfs", tool]
    args += ["--ro-bind", str(run), INSIDE]
    if shared is not None:  # a whole program's one folder shared with the judge, writable
        args += ["--bind", str(shared), SHARED_INSIDE]
    args += ["--chdir", "/tmp",
             "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent"]
    if os.geteuid() == 0:
        # bwrap as root builds the tree; the subject itself is nobody: no root-only file, no
        # /proc/sys setting, no capability, and no setuid program can give them back
        args += ["setpriv", f"--reuid={SUBJECT_UID}", f"--regid={SUBJECT_GID}", "--clear-groups",
                 "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    else:
        args += ["--cap-drop", "ALL"]
    return args


def _clean_environment():
    """No SPECS_*, PYTEST_* or the user's variables reach student code."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "0"}
    if os.environ.get("VIRTUAL_ENV"):
        env["VIRTUAL_ENV"] = os.environ["VIRTUAL_ENV"]
    return env


# ---- one subject ----


class Subject:
    """One sandboxed process running the package; talk to it through ``peer`` or ``role(name)``."""

    def __init__(self, package, *, gevent=False, pass_fds=(), start_timeout=START_TIMEOUT):
        self.package, self.level = package, containment()
        judge_end, subject_end = socket.socketpair()
        self._fds = (subject_end.fileno(),) + tuple(pass_fds)
        self.output = tempfile.TemporaryFile(prefix="netspecs-subject-")
        self.cgroup = isolation.SpecCgroup.create()
        where = INSIDE if self.level == BUBBLEWRAP else str(package.run)
        command = [sys.executable, "-I", "-B", f"{where}/stub/subject.py", str(subject_end.fileno()),
                   f"{where}/package", package.name] + (["--gevent"] if gevent else [])
        if self.level == BUBBLEWRAP:
            command = _bwrap_args(package.run) + command
        try:
            self.process = subprocess.Popen(
                command, pass_fds=self._fds, stdin=subprocess.DEVNULL, stdout=self.output, stderr=self.output,
                env=_clean_environment(), cwd=tempfile.gettempdir() if self.level == BUBBLEWRAP else str(package.run),
                start_new_session=True, preexec_fn=self._limit,
            )
        except BaseException:
            judge_end.close()
            raise
        finally:
            subject_end.close()
        self.pid = self.process.pid
        self._stopped, self._started = False, set()
        self._threads, self._main = set(), None  # the OS threads seen in the subject; its main process
        try:
            self.peer = self._greet(judge_end, start_timeout)
        except BaseException:
            judge_end.close()  # no peer owns it yet
            self.stop()
            raise

    def _limit(self):
        """In the forked child, before exec: the subject's cgroup and resource limits."""
        if self.cgroup is not None:
            self.cgroup.enter()
        isolation._limit_resources()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def _greet(self, sock, timeout):
        sock.settimeout(timeout)
        try:
            got = wire.read_message(sock)
        except socket.timeout:
            raise SubjectFailed(f"importing the package did not finish within {timeout:.0f} s") from None
        except (OSError, wire.WireError) as exc:
            raise SubjectFailed(f"the subject did not start: {exc}{self._tail_text()}") from None
        if got is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)  # the sandbox passes on how the subject ended
            raise SubjectFailed(say(f"the subject ended before it started ({self.describe_exit()})",
                                    f"被测进程还没启动好就结束了（{self.describe_exit()}）") + self._tail_text())
        message, _ = got
        if message["op"] != "hello":
            raise SubjectFailed("the subject wrote outside the wire before it started")
        sock.settimeout(None)
        self.inner_pid = message["pid"]
        self._started = set(self.processes())  # the sandbox's own processes, to wait for even if they end early
        return wire.Peer(sock, "judge", strict=True, explain_end=self.explain_end, check_caller=self.has_thread).start()

    def explain_end(self):
        """Why the wire closed, in words: how the subject's process ended, and its last output."""
        if not self._stopped:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=2)
        code = self.process.poll()
        if self._stopped:
            how = say("the subject was stopped by the judge", "被测进程已被评判方停止")
        elif code is None:
            how = say("the subject closed the wire but is still running (the implementation closed or took over a descriptor it did not own)",
                      "被测进程关闭了与评判方的连接却仍在运行（实现关闭或占用了不属于它的文件描述符）")
        elif self.exit_signal() is not None:
            signal_name = self.exit_signal().name
            how = say(f"the process running the implementation was killed by {signal_name} (a crash, or it ran out of memory)",
                      f"运行实现的进程被 {signal_name} 杀死了（崩溃，或内存耗尽）")
        else:
            how = say(f"the process running the implementation exited early with code {code} (the implementation called exit)",
                      f"运行实现的进程提前退出，退出码 {code}（实现调用了 exit）")
        if self.cgroup is not None and self.cgroup.hit_pids_limit():
            how += say(f"; it had reached its limit of {isolation.PIDS_LIMIT} processes and threads, "
                       "so it could not start a thread: it forks or starts threads without end",
                       f"；它已达到 {isolation.PIDS_LIMIT} 个进程和线程的上限，因此无法再启动线程：它在无休止地创建进程或线程")
        return how + self._tail_text()

    # -- talking --

    def role(self, name):
        """A proxy for the package's role: calling it calls the role in the subject."""
        return wire.Proxy(self.peer, {"role": name}, name)

    def harness(self, method, *args, timeout=None):
        return self.peer.request({"op": "call", "target": {"role": "$harness"}, "attr": method,
                                  "args": list(args), "kwargs": {}}, timeout=timeout)

    # -- watching from outside --

    def alive(self):
        return self.process.poll() is None

    def exit_signal(self):
        """The signal that ended the subject, or None (bubblewrap passes a death by signal on as
        exit code 128 + the signal)."""
        code = self.process.poll()
        if code is not None and code < 0:
            return signal.Signals(-code)
        if code is not None and self.level == BUBBLEWRAP and code > 128:
            with contextlib.suppress(ValueError):
                return signal.Signals(code - 128)
        return None

    def describe_exit(self):
        """How the subject's process ended, in the run's language."""
        code = self.process.poll()
        if code is None:
            return say("still running", "仍在运行")
        if self.exit_signal() is not None:
            signal_name = self.exit_signal().name
            return say(f"killed by {signal_name}", f"被 {signal_name} 信号杀死了")
        return say(f"exited with code {code}", f"已退出，退出码为 {code}")

    def stderr_tail(self, limit=OUTPUT_TAIL):
        """The end of what the subject printed (stdout and stderr), at most `limit` characters."""
        with contextlib.suppress(OSError):
            size = os.fstat(self.output.fileno()).st_size
            data = os.pread(self.output.fileno(), limit, max(0, size - limit))
            return wire.printable(data.decode(errors="replace"))
        return ""

    def _tail_text(self):
        tail = self.stderr_tail().strip()
        return say(f"\n--- the subject's last output ---\n{tail}", f"\n--- 被测进程最后的输出 ---\n{tail}") if tail else ""

    def main_pid(self):
        """The pid, as the judge sees it, of the process that runs subject.py (inside the sandbox
        it has another: the pid namespace's)."""
        if self.level != BUBBLEWRAP:
            return self.pid
        return _host_pid(self.processes(), self.inner_pid) or self.pid

    def has_thread(self, tid):
        """Whether `tid` (numbered as the subject sees it) is an OS thread of the subject's main
        process: read from /proc, so a caller description the subject forges names no thread."""
        if tid in self._threads:
            return True
        # a live thread was once not found (1 run in 20 of a pool that starts a thread per task):
        # it is looked for again before its request is called forged
        for attempt in range(THREAD_LOOKUPS):
            if attempt:
                time.sleep(0.02)
            self._threads |= self._thread_ids()
            if tid in self._threads:
                return True
        return False

    def _thread_ids(self):
        return {tid for tid, _ in self._threads_in_proc()}

    def _threads_in_proc(self):
        """(thread id as the subject numbers it, its /proc folder as the judge sees it) for each
        live thread of the subject's main process."""
        host = self._main_host_pid()
        if host is None:
            return
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{host}/task"):
                folder = f"/proc/{host}/task/{task}"
                if self.level != BUBBLEWRAP:
                    yield int(task), folder
                    continue
                with contextlib.suppress(OSError, ValueError):
                    with open(f"{folder}/status") as f:
                        for line in f:
                            if line.startswith("NSpid:"):
                                yield int(line.split()[-1]), folder

    def _main_host_pid(self):
        if self._main is None:
            self._main = _host_pid(self.processes(), self.inner_pid) if self.level == BUBBLEWRAP else self.pid
        return self._main

    def processes(self):
        """Pids (as the judge sees them) of every process of the subject."""
        if self.cgroup is not None:
            return self.cgroup.pids()
        return sorted(_descendants(self.pid) | ({self.pid} if self.alive() else set()))

    def thread_cpu(self):
        """{thread id (as the subject numbers it): user+system CPU seconds} of the live threads of
        the subject's main process, read from /proc: what the kernel charged each thread, which
        the subject cannot word. A thread that ended is not there (nor its CPU)."""
        ticks = os.sysconf("SC_CLK_TCK")
        found = {}
        for tid, folder in self._threads_in_proc():
            with contextlib.suppress(OSError, ValueError, IndexError):
                with open(f"{folder}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                found[tid] = (int(fields[11]) + int(fields[12])) / ticks
        return found

    def cpu_seconds(self):
        """User+system CPU of the subject's live processes, read from /proc (never reported by it)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.processes():
            with contextlib.suppress(ValueError):
                total += sum(int(x) for x in _stat_fields(pid)[11:15])
        return total / ticks

    def stop(self):
        """Kill every process of the subject and wait for it; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        members = (set(self.processes()) | self._started) - {self.pid}
        with contextlib.suppress(AttributeError):
            self.peer.close()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        if self.cgroup is not None:
            self.cgroup.kill_all()
            self.cgroup.remove()
        _reap_orphans(members, family=members | {self.pid})
        self.output.close()


def _host_pid(pids, inner):
    """Which of `pids` (the judge's numbering) is `inner` in its own pid namespace; None if none."""
    for pid in pids:
        with contextlib.suppress(OSError, ValueError):
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("NSpid:"):
                        ids = [int(x) for x in line.split()[1:]]
                        if len(ids) > 1 and ids[-1] == inner:
                            return pid
    return None


# ---- a whole program ----


class Program:
    """A whole program the judge watches from outside (what an interpreter does when its main
    code ends): ``script`` run by exec in a sandbox of its own, as ``program.py FOLDER PACKAGE_DIR
    NAME ARGS...``, with the package importable from PACKAGE_DIR and FOLDER, shared with the
    judge, the one place both see. The judge reads its exit, the folder and its processes."""

    def __init__(self, package, script, args, shared):
        self.level, self.shared = containment(), Path(shared)
        self.shared.chmod(0o777)  # the program runs as nobody
        (self.shared / "program.py").write_text(script)
        where, folder = (INSIDE, SHARED_INSIDE) if self.level == BUBBLEWRAP else (str(package.run), str(self.shared))
        command = [sys.executable, "-I", "-B", f"{folder}/program.py", folder, f"{where}/package", package.name, *args]
        if self.level == BUBBLEWRAP:
            command = _bwrap_args(package.run, shared=self.shared) + command
        self.cgroup = isolation.SpecCgroup.create()
        self.proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=_clean_environment(), cwd=tempfile.gettempdir(), start_new_session=True, preexec_fn=self._limit,
        )
        self.pid = self.proc.pid

    _limit = Subject._limit

    def processes(self):
        if self.cgroup is not None:
            return self.cgroup.pids()
        return sorted(_descendants(self.pid) | {self.pid})

    def host_pid(self, inner):
        """The judge's pid for the program's pid `inner` (None once it is gone)."""
        if self.level != BUBBLEWRAP:
            return inner
        return _host_pid(self.processes(), inner)

    def close(self):
        members = set(self.processes()) - {self.pid}
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        if self.cgroup is not None:
            self.cgroup.kill_all()
            self.cgroup.remove()
        _reap_orphans(members, family=members | {self.pid})
        self.proc.stderr.close()


def _reap_orphans(pids, family=(), budget=2.0):
    """Wait for those of `pids` that became our children (a judge is a child subreaper: the
    sandbox's inner processes come to it when the sandbox dies), so none stays a zombie."""
    deadline = time.monotonic() + budget
    pending, parents = set(pids), set(family) | {os.getpid()}
    while pending and time.monotonic() < deadline:
        for pid in list(pending):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                # not (yet) ours: it may be on its way to us from a dying parent of the family;
                # a parent outside it (another reaper, or a reused pid) means it never will be
                if _parent(pid) not in parents:
                    pending.discard(pid)
                continue
            if done:
                pending.discard(pid)
        if pending:
            time.sleep(0.005)


def _stat_fields(pid):
    """The fields of /proc/<pid>/stat after the command name (state first); [] once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _parent(pid):
    fields = _stat_fields(pid)
    return int(fields[1]) if len(fields) > 1 else None


def _descendants(pid):
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children") as f:
                    for child in f.read().split():
                        if int(child) not in found:
                            found.add(int(child))
                            todo.append(int(child))
    return found


@contextlib.contextmanager
def subject(package, **options):
    """A started Subject that is always stopped after."""
    started = Subject(package, **options)
    try:
        yield started
    finally:
        started.stop()


def wait_until(predicate, timeout, interval=0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()

