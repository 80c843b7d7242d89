"""Run `pytest specs` in a child process, as a user would, and read its claims report."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "bad"


def clean_env():
    """This environment, minus what would make an inner pytest run think it is an xdist worker
    of ours or take our options."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS")}


def run_specs(*args, impl=None, claims=(), timeout=600, tmp_path=None, profile="reject"):
    """Returns (completed process, {claim id: claim row} or None)."""
    report = Path(tmp_path) / "claims.json" if tmp_path else None
    # serial unless the test asks for workers (-n in args wins, coming later)
    cmd = [sys.executable, "-m", "pytest", "specs", "-p", "no:cacheprovider", "-q", "--no-header", "-n", "0"]
    if impl:
        cmd += ["--impl", str(impl)]
    for prefix in claims:
        cmd += ["--claim", prefix]
    if report:
        cmd += ["--claims-report", str(report)]
    if profile:
        cmd += ["--hypothesis-profile", profile]
    cmd += list(args)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=clean_env())
    rows = None
    if report and report.exists():
        rows = {row["id"]: row for row in json.loads(report.read_text())["claims"]}
    return done, rows


def processes_marked(variable, value):
    """Pids of live processes (other than this one) whose environment has variable=value:
    a run started with that variable set marks everything it starts."""
    needle = f"{variable}={value}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return found
