"""A hostile student cannot bend a verdict: each package in tests/hostile/ attacks the judge from
the roles that run in a sandboxed subject (the wire roles), and its run must still judge it.

Each package is a student submission: roles of CONTRACT.md, correct except where the attack
needs them not to be, plus one attack. Its ``expect.py`` says what the run must show:

- ``RUN``: claim-id prefixes to run (small: one run takes seconds);
- ``ATTACKED``: claims that must come out "fail" (never pass, not-implemented, skipped or error);
  the package is wrong on them unless its attack works, or its attack itself is what must fail it;
- ``REASON`` (optional): a text each attacked claim's message contains, naming what was attempted;
- ``HONEST`` (optional): claims that must still pass (the attack harmed nobody, the package is
  otherwise judged as any other);
- ``STOPS`` (optional): instead of claims, the run stops before any spec with a line containing it;
- ``ORACLE`` (optional): the test listens on 127.0.0.1 (TCP) and on a unix socket outside the
  checkout and writes where, in ``/var/tmp/netspecs-hostile-<name>.json``; no connection may come;
- ``REPORT`` (optional): a fixed --claims-report path the package knows (and tries to forge);
- ``MUST_NOT_EXIST`` (optional): paths (relative to the checkout, or absolute) an attack tries to
  create; ``CLEAN_OUTPUT`` (optional): the run's output carries no terminal escape sequence;
- ``FORGED_HINT`` (optional): a text the attack wrote as a hint line; no attacked claim's hint has it;
- ``ARGS`` (optional): more options for the run (a shorter --timeout for an attack that hangs);
- ``GAP`` (optional): the attack works today; the case is an xfail(strict) whose reason is GAP;
  ``GAP_WHEN`` (optional): a function, true where the gap is open (run as root, cgroup v1...).

After every run, nothing may be left: no process of the run (the run is started under a child
subreaper, so whatever escaped its process tree is adopted and found), no listening TCP socket
owned by one, no netspecs-* cgroup created by one, no new entry in ``git status`` of the
checkout, no change in the package's own folder, and the claims report is the judge's, unchanged.
The judge's memory stays bounded (the largest max RSS of any process of the run).
"""
import hashlib
import json
import os
import runpy
import select
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

import pytest

from specs.harness import sandbox
from tests.helpers import ROOT, clean_env

# Without bubblewrap student code runs as a plain process (it can read the checkout and open
# connections, as the run's header says): there is no sandbox to prove anything about.
pytestmark = pytest.mark.skipif(sandbox.containment() != sandbox.BUBBLEWRAP, reason="needs the bubblewrap sandbox (Debian: bubblewrap)")

HOSTILE = ROOT / "tests" / "hostile"
RENDEZVOUS = Path("/var/tmp")
MAX_RSS_MB = 400  # a spec run's largest process is ~120 MB; a judge that buffered a flood is far above
RUN_TIMEOUT = 240


def _attacks():
    found = {}
    for expect in sorted(HOSTILE.glob("*/expect.py")):
        if not expect.parent.name.startswith("_"):  # _classmate: a submission some attack reads
            found[expect.parent.name] = runpy.run_path(str(expect))  # no __pycache__ in the package
    return found


ATTACKS = _attacks()


def _case(name):
    gap, when = ATTACKS[name].get("GAP"), ATTACKS[name].get("GAP_WHEN")
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap and (when is None or when()) else []
    return pytest.param(name, marks=marks, id=name)


# The run is started by this small program: a child subreaper (Linux), so that every process of the
# run that outlives it (a double fork, setsid, whatever left the process tree) is re-parented to it
# and listed. It also notes, while the run lasts, the pids of the run (to attribute cgroups) and the
# largest max RSS of any of its processes, then kills what was left and writes what it found.
WRAPPER = r'''
import ctypes, json, os, resource, signal, subprocess, sys, time

out, cmd = sys.argv[1], sys.argv[2:]
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER

def stat(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return fields[0], fields[19]  # state, start time
    except (OSError, IndexError):
        return None

def descendants(root):
    found, todo = set(), [root]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir("/proc/%d/task" % parent)
        except OSError:
            continue
        for task in tasks:
            try:
                with open("/proc/%d/task/%s/children" % (parent, task)) as f:
                    kids = [int(k) for k in f.read().split()]
            except (OSError, ValueError):
                continue
            for kid in kids:
                if kid not in found:
                    found.add(kid)
                    todo.append(kid)
    return found

def listening():
    inodes = set()
    for name in ("tcp", "tcp6"):
        try:
            with open("/proc/net/" + name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A":
                        inodes.add(fields[9])
        except (OSError, StopIteration):
            pass
    return inodes

def sockets_of(pid):
    found = set()
    try:
        for fd in os.listdir("/proc/%d/fd" % pid):
            try:
                target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            except OSError:
                continue
            if target.startswith("socket:["):
                found.add(target[8:-1])
    except OSError:
        pass
    return found

def cgroups():
    found = set()
    for base in ("/sys/fs/cgroup/pids", "/sys/fs/cgroup", "/sys/fs/cgroup/unified"):
        for top, dirs, _ in os.walk(base):
            if top.count(os.sep) - base.count(os.sep) >= 3:
                dirs[:] = []
            for d in list(dirs):
                if d.startswith("netspecs-"):
                    found.add(os.path.join(top, d))
                    dirs.remove(d)
    return found

def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")[:300]
    except OSError:
        return "?"

listeners_before, cgroups_before = listening(), cgroups()
me = os.getpid()
proc = subprocess.Popen(cmd)
seen, peak_kb = set(), 0
while proc.poll() is None:
    for pid in descendants(me):
        seen.add(pid)
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
    time.sleep(0.02)
time.sleep(0.5)  # what the run killed at its very end may still be dying
left = sorted(p for p in descendants(me) if (stat(p) or ("Z",))[0] != "Z")
new_listeners = listening() - listeners_before
leaked_listeners = sorted({inode for p in left for inode in sockets_of(p)} & new_listeners)
leaked_cgroups = sorted(c for c in cgroups() - cgroups_before
                        if c.rsplit("/", 1)[1].split("-")[1].isdigit() and int(c.rsplit("/", 1)[1].split("-")[1]) in seen | {proc.pid})
report = {
    "returncode": proc.returncode,
    "left": [[p, cmdline(p)] for p in left],
    "listeners": leaked_listeners,
    "cgroups": leaked_cgroups,
    "peak_rss_kb": max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
}
for p in left:
    try:
        os.kill(p, signal.SIGKILL)
    except OSError:
        pass
deadline = time.time() + 10
while time.time() < deadline:
    try:
        if os.waitpid(-1, os.WNOHANG) == (0, 0):
            time.sleep(0.01)
    except ChildProcessError:
        break
with open(out, "w") as f:
    json.dump(report, f)
sys.exit(0)
'''


def _git_status():
    done = subprocess.run(["git", "status", "--porcelain", "-uall"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines())


def _folder_digest(folder):
    digest = {}
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        digest[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return digest


class Oracle:
    """Listeners an attack must not reach: TCP on 127.0.0.1 and a unix socket outside the checkout.
    Whoever connects is answered 'fifo' (the package is then correct) and noted."""

    ANSWER = b"fifo\n"

    def __init__(self, name):
        if not (RENDEZVOUS.is_dir() and os.access(str(RENDEZVOUS), os.W_OK)):
            pytest.skip(f"{RENDEZVOUS} is not a writable folder here: no place to put the rendezvous")
        self.rendezvous = RENDEZVOUS / f"netspecs-hostile-{name}.json"
        self.unix_path = str(RENDEZVOUS / f"netspecs-hostile-{name}.sock")
        if os.path.exists(self.unix_path):
            os.unlink(self.unix_path)
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(self.unix_path)
        self.unix.listen(16)
        self.connections = []
        self._stop = threading.Event()
        where = {"tcp": list(self.tcp.getsockname()[:2]), "unix": self.unix_path}
        self.rendezvous.write_text(json.dumps(where))
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        listeners = [self.tcp, self.unix]
        while not self._stop.is_set():
            ready, _, _ = select.select(listeners, [], [], 0.1)
            for listener in ready:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                self.connections.append("tcp" if listener is self.tcp else "unix")
                with conn:
                    try:
                        conn.sendall(self.ANSWER)
                    except OSError:
                        pass

    def close(self):
        self._stop.set()
        self._thread.join(5)
        self.tcp.close()
        self.unix.close()
        for path in (self.unix_path, str(self.rendezvous)):
            if os.path.exists(path):
                os.unlink(path)


def _run(name, expect, tmp_path):
    report = Path(expect.get("REPORT") or tmp_path / "r.json")
    if report.exists():
        report.unlink()
    cmd = [sys.executable, "-m", "pytest", "specs", "--impl", str(HOSTILE / name), "-p", "no:cacheprovider",
           "-q", "--no-header", "-n", "0", "--hypothesis-profile", "reject", "--claims-report", str(report)]
    for prefix in expect["RUN"]:
        cmd += ["--claim", prefix]
    cmd += list(expect.get("ARGS", []))
    found = tmp_path / "left.json"
    output = tmp_path / "output.txt"
    env = clean_env()
    env.update(expect.get("ENV", {}))
    with open(output, "wb") as out:
        subprocess.run([sys.executable, "-c", WRAPPER, str(found)] + cmd, cwd=ROOT, env=env, stdout=out,
                       stderr=subprocess.STDOUT, timeout=RUN_TIMEOUT)
    return report, json.loads(found.read_text()), output.read_text(errors="replace")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", [_case(name) for name in ATTACKS])
def test_a_hostile_package_cannot_bend_its_verdict(name, tmp_path):
    expect = ATTACKS[name]
    status_before = _git_status()
    folder_before = _folder_digest(HOSTILE / name)
    purelib = Path(sysconfig.get_paths()["purelib"])
    planted = [Path(path.replace("{purelib}", str(purelib))) for path in expect.get("MUST_NOT_EXIST", [])]
    planted = [path if path.is_absolute() else ROOT / path for path in planted]
    planted = [path for path in planted if not path.exists()]  # what existed before is not the attack's
    oracle = Oracle(name) if expect.get("ORACLE") else None
    try:
        report, found, text = _run(name, expect, tmp_path)
    finally:
        if oracle is not None:
            oracle.close()
    tail = text[-4000:]

    # the verdicts
    if expect.get("STOPS"):
        assert found["returncode"] == 4, f"the run should stop with a usage error (exit 4), got {found['returncode']}:\n{tail}"
        assert expect["STOPS"] in text, f"the run should stop with a line containing {expect['STOPS']!r}:\n{tail}"
        assert not report.exists() or "claims" not in report.read_text(), "a run that stopped wrote verdicts"
    else:
        assert report.exists(), f"no claims report (exit {found['returncode']}):\n{tail}"
        written = report.read_bytes()
        rows = {row["id"]: row for row in json.loads(written.decode())["claims"]}
        assert rows, f"the report has no claims:\n{tail}"
        for claim_id in expect["ATTACKED"]:
            row = rows.get(claim_id)
            assert row is not None, f"{claim_id} is not in the report:\n{tail}"
            assert row["outcome"] == "fail", f"{name}: {claim_id} should fail, got {row['outcome']}: {row['message'][:2000]}"
            if expect.get("REASON"):
                assert expect["REASON"] in row["message"], f"{name}: {claim_id} failed for another reason: {row['message'][:2000]}"
            if expect.get("FORGED_HINT"):
                assert expect["FORGED_HINT"] not in (row["hint"] or ""), f"{name}: {claim_id}'s hint is the student's: {row['hint']}"
        for claim_id in expect.get("HONEST", []):
            row = rows.get(claim_id)
            assert row is not None and row["outcome"] == "pass", (
                f"{name}: {claim_id} should still pass, got {row and row['outcome']}: {row and row['message'][:2000]}")
        assert found["returncode"] in (0, 1), f"the run ended with exit {found['returncode']}:\n{tail}"
    if expect.get("CLEAN_OUTPUT"):
        assert "\x1b" not in text, f"the run's output carries the student's terminal escapes: {text[text.index(chr(27)) - 200:][:400]!r}"
    if oracle is not None:
        assert oracle.connections == [], f"student code connected out of the sandbox to the test's listeners: {oracle.connections}"

    # nothing left behind
    assert found["left"] == [], f"processes of the run outlived it: {found['left']}"
    assert found["listeners"] == [], f"listening sockets outlived the run: {found['listeners']}"
    assert found["cgroups"] == [], f"cgroups of the run were left: {found['cgroups']}"
    assert found["peak_rss_kb"] < MAX_RSS_MB * 1024, f"a process of the run grew to {found['peak_rss_kb'] // 1024} MB"
    new_status = sorted(_git_status() - status_before)
    assert new_status == [], f"the run changed the checkout: {new_status}"
    assert _folder_digest(HOSTILE / name) == folder_before, "the run changed the package's own folder"
    created = [str(path) for path in planted if path.exists()]
    assert created == [], f"the attack created {created}"
    if report.exists() and not expect.get("STOPS"):
        time.sleep(0.2)
        assert report.read_bytes() == written, "the claims report changed after the run ended"
    if expect.get("REPORT") and report.exists():
        report.unlink()
