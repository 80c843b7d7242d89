"""Broken student code is contained: each misbehaviour fails the claim it affects, with a reason a
student understands, within the spec's timeout; the rest of the run completes; nothing survives.

Each tests/bad/contain_*/ package breaks the MyPool role in one way (contain.py says which and the
reason expected in the failure) and re-exports the reference MyQueue, whose claims must still pass
in the same run.
"""
import contextlib
import json
import os
import runpy
import signal
import subprocess
import sys
import time
import uuid

import pytest

from specs.harness import isolation
from tests.helpers import BAD, ROOT, clean_env, processes_marked

CASES = {
    path.parent.name: runpy.run_path(str(path)) for path in sorted(BAD.glob("contain_*/contain.py"))
}
BROKEN_CLAIM = "pool.mypool.every-task-runs-once"  # judged by MyPool; the reference passes it
HEALTHY_ROLE = "MyQueue"  # every contain_* package takes it from the reference
TIMEOUT = 3  # pytest-timeout's bound for each spec in these runs (a contain.py may raise it)
STARTUP = 60  # generous allowance for starting pytest and the probe on a loaded machine


@pytest.fixture(scope="module")
def selection():
    """(nodeids of the broken claim's specs that use MyPool, nodeids of a few specs that use only the
    healthy role, the claims of those). Node ids, not --claim: a claim's other parametrizations
    (other queue kinds in fresh interpreters) would only slow these runs down."""
    from specs.__main__ import collect_specs
    from specs.harness.claims import catalogue_by_id

    catalogue = catalogue_by_id()
    broken, healthy, claims = [], [], []
    for nodeid, claim_ids, roles in collect_specs():
        if BROKEN_CLAIM in claim_ids and "MyPool" in roles:
            broken.append(nodeid)
        elif roles == [HEALTHY_ROLE] and all(catalogue[c].kind == "behaviour" for c in claim_ids) and len(healthy) < 3:
            healthy.append(nodeid)
            claims += [c for c in claim_ids if c not in claims]
    assert broken and healthy, f"no spec of {BROKEN_CLAIM} with MyPool, or none of {HEALTHY_ROLE} alone"
    return broken, healthy, claims


def run_contained(package, tmp_path, marker, selection):
    report, junit = tmp_path / "claims.json", tmp_path / "junit.xml"
    cmd = [
        sys.executable, "-m", "pytest", *selection[0], *selection[1], "-p", "no:cacheprovider", "-q", "--no-header",
        "--impl", str(BAD / package), "--timeout", str(CASES[package].get("TIMEOUT", TIMEOUT)), "--hypothesis-profile", "reject",
        "--claims-report", str(report), "--junitxml", str(junit),
    ]
    env = clean_env()
    env.update(NETSPECS_CONTAINMENT_MARK=marker, **CASES[package].get("ENV", {}))
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300, env=env)
    elapsed = time.monotonic() - started
    rows = None
    if report.exists():
        rows = {row["id"]: row for row in json.loads(report.read_text())["claims"]}
    return done, rows, elapsed, junit


def survivors(marker):
    """Live processes whose environment carries the marker (anything the run started)."""
    _reap_orphans()
    return processes_marked("NETSPECS_CONTAINMENT_MARK", marker)


def _reap_orphans():
    # this pytest process is a subreaper too: orphans of the run come here to be reaped
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def leftover_cgroups(pid):
    base = isolation.SpecCgroup._base or isolation._find_cgroup_base()
    if not base:
        return []
    return [n for n in os.listdir(base[1]) if n.startswith(f"netspecs-{pid}-")]


@pytest.mark.timeout(360)
@pytest.mark.parametrize("package", sorted(CASES))
def test_misbehaviour_fails_its_claim_and_nothing_else(package, tmp_path, selection):
    case = CASES[package]
    marker = uuid.uuid4().hex
    done, rows, elapsed, junit = run_contained(package, tmp_path, marker, selection)
    healthy_claims = selection[2]
    out = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
    try:
        assert rows is not None, f"{case['BEHAVIOUR']}: the run did not complete with a report:\n{out[-3000:]}"
        assert done.returncode == 1, f"exit {done.returncode}, expected 1 (some claims failed):\n{out[-3000:]}"
        row = rows[BROKEN_CLAIM]
        assert row["outcome"] == "fail", f"{case['BEHAVIOUR']}: {BROKEN_CLAIM} was {row['outcome']}: {row['message']}"
        reasons = case["REASON"] if isinstance(case["REASON"], tuple) else (case["REASON"],)
        assert any(r in row["message"] for r in reasons), f"{case['BEHAVIOUR']}: reason missing from: {row['message']}"
        if package == "contain_fork_bomb" and (isolation.SpecCgroup._base or isolation._find_cgroup_base()):
            assert "processes and threads" in row["message"], row["message"]
        others = {i: rows[i]["outcome"] if i in rows else "missing" for i in healthy_claims}
        why = {i: rows[i]["message"][-1500:] for i in healthy_claims if others[i] != "pass" and i in rows}
        assert set(others.values()) == {"pass"}, f"the healthy role's claims did not all pass in the same run: {others} {why}"
        # A hang is ended at timeout + grace; allow pytest's start and the healthy specs besides.
        timeout = case.get("TIMEOUT", TIMEOUT)
        assert elapsed < timeout + isolation.grace(timeout) + STARTUP, f"the run took {elapsed:.0f} s"
        # However much the code printed, the terminal, the claims report and JUnit XML stay small.
        assert len(out) < 1_000_000, f"{len(out)} characters on the terminal"
        assert len(row["message"]) < 20_000
        assert junit.stat().st_size < 1_000_000
    finally:
        left = survivors(marker)
        for pid in left:  # do not let a failure of this test leave a fork bomb running
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    assert not left, f"{case['BEHAVIOUR']}: processes of the run survived it: {left}"


def test_every_behaviour_of_the_issue_has_a_known_bad():
    behaviours = {case["BEHAVIOUR"] for case in CASES.values()}
    expected = {
        "an endless loop", "a deadlock", "a join() that never returns", "os._exit()", "sys.exit()",
        "a segmentation fault", "forking without end", "allocating without end", "printing megabytes",
    }
    assert expected <= behaviours, expected - behaviours


def test_spec_cgroups_are_removed_after_each_spec(selection):
    """A (healthy) run leaves no cgroup of its own behind."""
    cmd = [sys.executable, "-m", "pytest", *selection[1], "-p", "no:cacheprovider", "-q"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out.decode(errors="replace")[-3000:]
    assert leftover_cgroups(proc.pid) == []


def test_grace_is_proportional_and_bounded():
    assert isolation.grace(3) == isolation.GRACE_MIN
    assert isolation.grace(60) == 15
    assert isolation.grace(1000) == isolation.GRACE
