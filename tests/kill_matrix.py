"""The kill matrix per spec node: every spec node that judges a role (each parametrization) must
fail on at least one known-bad of tests/bad/.

Each run of test_known_bad leaves its claims report (per node outcomes, the "specs" of each row)
in the session's kill folder; when the session ran every known-bad, the controller collects the
specs once (``role_nodes.py``), finds the role nodes no known-bad failed, and fails the session
unless they are exactly the ones listed in ``GAPS`` (a node killed at last must leave the list,
a new unkilled node must get a known-bad). Costs one collection, on top of runs made anyway.
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


def leave_report(bad, report):
    """Called by test_known_bad: keep this known-bad's report for the matrix."""
    folder = os.environ.get(FOLDER_VARIABLE)
    if folder and Path(report).exists():
        Path(folder, f"{bad}.json").write_text(Path(report).read_text())


def killed_nodes(folder):
    killed = {}
    for report in Path(folder).glob("*.json"):
        for row in json.loads(report.read_text())["claims"]:
            for node, outcome in row.get("specs", {}).items():
                if outcome == "fail":
                    killed.setdefault(node, set()).add(report.stem)
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
    problems = [f"no known-bad fails {node}: add one to tests/bad/" for node in new]
    problems += [f"{node} is killed now: remove it from tests/kill_matrix_gaps.json" for node in closed]
    return problems, f"kill matrix: {total - len(missing)} of {total} role spec nodes fail on some known-bad"
