"""No leaks: a full run of the specs leaves no process, thread, open file descriptor or listening
socket behind.

Like CPython's regression suite (libregrtest's saved_test_environment and its dangling-threads
check), the pytest process of the run itself is watched: this module doubles as a pytest plugin
(``-p tests.test_leaks``) that snapshots, around every spec, the threads, the open descriptors and
the child processes of the process that runs it (each xdist worker, or the main process), and
writes every alteration to LEAKCHECK_DIR. The test then runs the whole suite with it, and checks
that nothing the run started outlives it.
"""
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid

import pytest

from specs.harness.isolation import held_turnstile_fds, running_ahead
from tests.helpers import ROOT, clean_env, processes_marked

# ---- the plugin side (active only in a run started with -p tests.test_leaks) ----


def snapshot():
    """What a spec could leave behind in this process."""
    fds = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            fds[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # the directory listing's own descriptor, closed already
    children = set()
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as f:
                children.update(f.read().split())
        except OSError:
            pass
    return {
        "threads": sorted(t.name for t in threading.enumerate()),
        "native_threads": len(os.listdir("/proc/self/task")),
        "fds": fds,
        "children": sorted(children),
    }


def altered(before, after, harness_fds=(), harness_children=()):
    """The alterations from before to after, in words (empty when none). `harness_fds`,
    `harness_children`: descriptors and child pids the harness holds on purpose (the CPU
    turnstile's files, kept from a timing spec for the next; the specs started ahead of their turn
    and their pipes)."""
    found = []
    new_threads = sorted(set(after["threads"]) - set(before["threads"]))
    if new_threads or after["native_threads"] > before["native_threads"]:
        found.append(f"threads left running: {new_threads or after['native_threads'] - before['native_threads']}")
    new_fds = {fd: target for fd, target in after["fds"].items() if before["fds"].get(fd) != target}
    new_fds = {fd: target for fd, target in new_fds.items() if int(fd) not in harness_fds}
    if new_fds:
        found.append(f"descriptors left open: {new_fds}")
    new_children = sorted(set(after["children"]) - set(before["children"]) - {str(pid) for pid in harness_children})
    if new_children:
        found.append(f"child processes left: {new_children}")
    return found


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    out = os.environ.get("LEAKCHECK_DIR")
    if not out:
        yield
        return
    before = snapshot()
    yield
    ahead_pids, ahead_fds = running_ahead()
    problems = altered(before, snapshot(), harness_fds=held_turnstile_fds() | ahead_fds, harness_children=ahead_pids)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(os.path.join(out, f"{worker}.jsonl"), "a") as f:
        f.write(json.dumps({"nodeid": item.nodeid, "problems": problems}) + "\n")


# ---- the test side ----


def listening_inodes():
    """Inodes of listening TCP sockets (state 0A) and bound UDP sockets, IPv4 and IPv6."""
    inodes = set()
    for name, state in (("tcp", "0A"), ("tcp6", "0A"), ("udp", "07"), ("udp6", "07")):
        try:
            with open(f"/proc/net/{name}") as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == state:
                        inodes.add(fields[9])
        except OSError:
            continue
    return inodes


def sockets_of(pids):
    found = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    found.add(target[8:-1])
        except OSError:
            continue
    return found


def test_the_detector_sees_a_leaked_thread_descriptor_and_child():
    before = snapshot()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="leaky", daemon=True)
    thread.start()
    read_fd, write_fd = os.pipe()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        problems = altered(before, snapshot())
        assert any("leaky" in p for p in problems)
        assert any("descriptors" in p for p in problems)
        assert any(str(child.pid) in p for p in problems)
    finally:
        stop.set()
        thread.join(5)
        os.close(read_fd)
        os.close(write_fd)
        child.kill()
        child.wait()
    assert altered(before, snapshot()) == []


@pytest.mark.timeout(1200)
def test_a_full_run_leaves_nothing_behind(tmp_path):
    marker = uuid.uuid4().hex
    out = tmp_path / "leaks"
    out.mkdir()
    env = clean_env()
    env.update(LEAKCHECK_DIR=str(out), LEAKCHECK_MARK=marker, SPECS_AT_ONCE="4")  # each worker runs a spec ahead
    cmd = [sys.executable, "-m", "pytest", "specs", "-q", "-p", "no:cacheprovider", "-p", "tests.test_leaks", "-n", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # While it runs, the sockets it listens on are its own (our marker is in their owners' environment).
    stdout, _ = proc.communicate(timeout=1100)
    text = stdout.decode(errors="replace")
    # The verdicts of the specs are the soak's business; here only what the run leaves behind counts.
    assert proc.returncode in (0, 1), text[-3000:]
    records = [json.loads(line) for path in out.glob("*.jsonl") for line in path.read_text().splitlines()]
    assert len(records) > 100, f"the leak check saw only {len(records)} specs:\n{text[-2000:]}"
    leaky = {r["nodeid"]: r["problems"] for r in records if r["problems"]}
    assert leaky == {}, "specs that left something behind in the process that ran them"
    deadline = time.monotonic() + 10  # processes killed at the very end may still be dying
    while processes_marked("LEAKCHECK_MARK", marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = processes_marked("LEAKCHECK_MARK", marker)
    assert survivors == [], f"processes of the run outlived it: {survivors}"
    assert not sockets_of(survivors) & listening_inodes()


def _autogroup_nice():
    """This session's autogroup niceness; None where the process has no autogroup of its own (the
    file is missing, or empty: the session is the root group's, as in a container whose first
    process never called setsid(), which is how CI runs)."""
    try:
        with open("/proc/self/autogroup") as f:
            text = f.read()
    except OSError:
        return None
    match = re.search(r"nice (-?\d+)", text)
    return int(match.group(1)) if match else None


@pytest.mark.timeout(600)
def test_timing_specs_leave_the_sessions_cpu_priority_alone():
    """Timing specs raise their CPU group's priority while they measure. That group must be the
    spec's own: two runs side by side in one session (as a class's runs, or the suite's own
    tests, share one) once left the session at the highest priority for good, starving every
    other session of the machine."""
    before = _autogroup_nice()
    if before is None:
        pytest.skip("no autogroup scheduling for this process: there is no session priority to leak")
    cmd = [sys.executable, "-m", "pytest", "specs", "-q", "-p", "no:cacheprovider", "-n", "0",
           "--claim", "multitask.gil.", "--claim", "parallel.parallelism.", "--claim", "multitask.processes.parallelism"]
    env = clean_env()
    env.pop("SPECS_TURNSTILE", None)  # this test wants the two runs' timing specs to overlap
    runs = []
    for _ in range(2):
        runs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        time.sleep(0.7)  # the second starts while the first measures: their boosts overlap
    for run in runs:
        out, _ = run.communicate(timeout=500)
        # Two runs measuring at once may fail their timing verdicts; those are the soak's business.
        assert run.returncode in (0, 1) and " passed" in out, out[-2000:]
    assert _autogroup_nice() == before, f"the session's autogroup niceness went from {before} to {_autogroup_nice()}"
