"""The subject's sandbox, seen from inside: what student code can and cannot reach.

Each test runs a small package's function in a real subject (bubblewrap where installed; CI
installs it) and checks what it could do, from the judge's side.
"""
import os
import shutil
import socket
import textwrap
import time

import pytest

from specs.harness import sandbox, wire

# Where bwrap is installed these tests require the sandbox to start (never attempting a write or a
# connection outside one): test_bubblewrap_is_what_runs_where_it_is_installed fails otherwise.
needs_bubblewrap = pytest.mark.skipif(shutil.which("bwrap") is None or sandbox.containment() != sandbox.BUBBLEWRAP,
                                      reason="no bubblewrap sandbox here (Debian: bubblewrap)")

ATTACKS = '''
import os, socket, subprocess, sys, time

def write(path):
    with open(path, "w") as f:
        f.write("planted")
    return "written"

def listdir(path):
    return sorted(os.listdir(path))

def connect(host, port):
    socket.create_connection((host, port), timeout=2).close()
    return "connected"

def serve_once(fd):
    listener = socket.socket(fileno=fd.fd)
    conn, _ = listener.accept()
    conn.sendall(b"served")
    conn.close()

def environment():
    return dict(os.environ)

def pids():
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())

def escape():
    """a grandchild in a session of its own, that ignores SIGTERM"""
    return subprocess.Popen([sys.executable, "-c", "import os, signal, time; os.setsid(); "
                             "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"],
                            start_new_session=True).pid

def shout(n):
    sys.stderr.write("x" * n + "\\nlast words\\n")
    sys.stderr.flush()

def read(path):
    with open(path) as f:
        return f.read()
'''


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions") / "attacker"
    folder.mkdir()
    (folder / "__init__.py").write_text(textwrap.dedent(ATTACKS))
    (folder.parent / "classmate.py").write_text("GRADE = 15\n")
    return sandbox.Package(folder, "attacker")


@pytest.fixture
def subject(package):
    with sandbox.subject(package) as started:
        yield started


def test_bubblewrap_is_what_runs_where_it_is_installed():
    if shutil.which("bwrap") is None:
        assert sandbox.containment() == sandbox.PROCESS
    else:
        assert sandbox.containment() == sandbox.BUBBLEWRAP, "bwrap is installed but no sandbox started"


@needs_bubblewrap
@pytest.mark.parametrize("where", ["checkout", "impl", "package copy", "tmp of the judge"])
def test_the_subject_cannot_write_outside_its_own_tmp(subject, package, tmp_path, where):
    path = {"checkout": sandbox.PROJECT_ROOT / "planted.py", "impl": sandbox.PROJECT_ROOT / "impl" / "planted.py",
            "package copy": package.run / "package" / "attacker" / "planted.py", "tmp of the judge": tmp_path / "x"}[where]
    with pytest.raises(OSError):
        subject.role("write")(str(path))
    assert not path.exists()
    assert subject.role("write")("/tmp/mine") == "written"  # its own /tmp is private and writable


@needs_bubblewrap
def test_the_reference_other_submissions_and_the_home_are_hidden(subject, package):
    for hidden in (sandbox.PROJECT_ROOT, sandbox.PROJECT_ROOT / "impl", package.source.parent, os.path.expanduser("~")):
        try:
            seen = subject.role("listdir")(str(hidden))
        except OSError:
            continue
        assert seen == [] or all(p in sandbox._runtime_paths_below(hidden) for p in seen), f"{hidden} shows {seen}"
    with pytest.raises(OSError):
        subject.role("read")(str(package.source.parent / "classmate.py"))


@needs_bubblewrap
def test_an_installed_netspecs_and_its_reference_are_hidden_though_its_site_packages_shows(package, tmp_path, monkeypatch):
    """pip install puts the instructor's edition, reference included, into the site-packages
    the sandbox must show (the subject's interpreter needs it): that one folder is masked."""
    site = tmp_path / "site-packages"
    (site / "netspecs" / "impl").mkdir(parents=True)
    (site / "netspecs" / "__init__.py").write_text("")
    (site / "netspecs" / "impl" / "__init__.py").write_text("ANSWERS = 42\n")
    (site / "gevent_like.py").write_text("shown = True\n")
    site.chmod(0o755), tmp_path.chmod(0o755)  # as readable as a real site-packages
    monkeypatch.syspath_prepend(str(site))
    runtime = sandbox._runtime_paths()
    monkeypatch.setattr(sandbox, "_runtime_paths", lambda: sorted(runtime + [str(site)]))
    with sandbox.subject(package) as subject:
        assert subject.role("read")(str(site / "gevent_like.py")) == "shown = True\n"  # the folder is shown...
        with pytest.raises(OSError):
            subject.role("read")(str(site / "netspecs" / "impl" / "__init__.py"))  # ...but not the tool in it
        with pytest.raises(OSError):
            subject.role("listdir")(str(site / "netspecs"))


@needs_bubblewrap
def test_no_connection_of_its_own_reaches_the_judges_loopback(subject):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    with listener, pytest.raises(OSError):
        subject.role("connect")("127.0.0.1", listener.getsockname()[1])


def test_an_inherited_listener_serves_the_judges_clients(package):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    with listener, sandbox.subject(package, pass_fds=(listener.fileno(),)) as subject:
        with socket.create_connection(listener.getsockname(), timeout=10) as client:
            subject.role("serve_once")(wire.FileDescriptor(listener.fileno()))
            assert client.recv(10) == b"served"


def test_student_code_sees_no_harness_variables(subject, monkeypatch):
    seen = subject.role("environment")()
    assert not [k for k in seen if k.startswith(("SPECS_", "PYTEST", "HYPOTHESIS"))], seen


@needs_bubblewrap
def test_the_subject_sees_only_its_own_processes(subject):
    assert len(subject.role("pids")()) <= 3, "a pid namespace of its own: its init, itself, and nothing else"


def test_nothing_the_subject_started_outlives_it(package):
    with sandbox.subject(package) as subject:
        subject.role("escape")()
        before = set(subject.processes())
        assert len(before) >= 2
    time.sleep(0.05)
    alive = [pid for pid in before if os.path.exists(f"/proc/{pid}") and _state(pid) != "Z"]
    assert not alive, f"still running after stop(): {alive}"


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_what_the_subject_prints_is_kept_only_as_a_tail(subject):
    subject.role("shout")(2_000_000)
    tail = subject.stderr_tail()
    assert tail.endswith("last words\n") and len(tail) <= sandbox.OUTPUT_TAIL


def test_a_package_that_cannot_be_imported_fails_to_start_with_its_error(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "__init__.py").write_text("import os\nos._exit(3)\n")
    with pytest.raises(sandbox.SubjectFailed, match="exited with code 3"):
        sandbox.Subject(sandbox.Package(folder, "broken"))


def test_the_copies_of_a_killed_judge_are_removed_by_the_next_one(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(sandbox.tempfile, "tempdir", str(tmp_path))
    gone = subprocess_pid_that_ended()
    stale = tmp_path / f"{sandbox.RUN_PREFIX}{gone}-x1"
    (stale / "run" / "package").mkdir(parents=True)
    for path in (stale / "run" / "package", stale / "run", stale):  # read-only, as a real copy is
        path.chmod(0o555)
    live = tmp_path / f"{sandbox.RUN_PREFIX}{os.getpid()}-x2"
    live.mkdir()
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    sandbox.Package(folder, "mine")
    assert not stale.exists(), "the folder of a judge that is gone is removed"
    assert live.exists(), "the folder of a live judge stays"


def subprocess_pid_that_ended():
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    return child.pid
