"""The kill matrix per spec node: every spec node that judges a role (each parametrization) must
fail on at least one known-bad of tests/bad/.

Each run of test_known_bad leaves its claims report (per node outcomes, the "specs" of each row)
in the session's kill folder. A node counts as killed by a known-bad when it failed there and its
claim is one the known-bad declares (MUST_FAIL, which test_known_bad asserts): an incidental
failure does not count, so the matrix does not move with luck. When the session ran every
known-bad, the controller collects the specs once (``role_nodes.py``) and fails the session if a
role node is unkilled and not in the gap list (a new node, or one whose known-bad stopped
killing it); gap-list nodes killed now are reported, to be removed. Costs one collection, on top
of runs made anyway.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER_VARIABLE = "NETSPECS_KILL_DIR"

# role nodes no known-bad fails yet (each wants a known-bad; see the closing notes)
GAPS = set(json.loads((Path(__file__).parent / "kill_matrix_gaps.json").read_text()))


def leave_report(bad, report, must_fail):
    """Called by test_known_bad once its checks passed: keep this known-bad's report."""
    folder = os.environ.get(FOLDER_VARIABLE)
    if folder and Path(report).exists():
        kept = {"must_fail": sorted(must_fail), "report": json.loads(Path(report).read_text())}
        Path(folder, f"{bad}.json").write_text(json.dumps(kept))


def killed_nodes(folder):
    """{node: known-bads that killed it}."""
    killed = {}
    for path in Path(folder).glob("*.json"):
        if path.stem == "role_nodes":
            continue
        kept = json.loads(path.read_text())
        for row in kept["report"]["claims"]:
            if row["id"] not in kept["must_fail"]:
                continue
            for node, outcome in row.get("specs", {}).items():
                if outcome == "fail":
                    killed.setdefault(node, set()).add(path.stem)
    return killed


def role_nodes(timeout=300):
    """{node id: roles} for every spec node, from one collect-only run against the reference."""
    out = Path(os.environ.get(FOLDER_VARIABLE) or "/tmp") / "role_nodes.json"
    env = dict(os.environ, NETSPECS_ROLE_NODES=str(out))
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "specs", "--collect-only", "-q", "-n", "0",
                           "-p", "no:cacheprovider", "-p", "tests.role_nodes"],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"collecting the specs failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return json.loads(out.read_text())


def unkilled(folder):
    """Role nodes no known-bad failed, and the number of role nodes."""
    nodes = {node: roles for node, roles in role_nodes().items() if roles}
    killed = killed_nodes(folder)
    return sorted(node for node in nodes if node not in killed), len(nodes)


def check(folder):
    """Problems (lines) with the matrix, [] when it matches GAPS exactly; and the figures."""
    missing, total = unkilled(folder)
    new = sorted(set(missing) - GAPS)
    closed = sorted(GAPS - set(missing))
    problems = [f"no known-bad fails {node}: add one to tests/bad/ (or a MUST_FAIL claim)" for node in new]
    notes = [f"killed now, can leave tests/kill_matrix_gaps.json: {node}" for node in closed]
    return problems, [f"kill matrix: {total - len(missing)} of {total} role spec nodes fail on a known-bad "
                      f"that declares their claim; {len(missing)} open ({len(GAPS)} listed as gaps)"] + notes
