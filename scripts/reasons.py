"""How good the failure reasons are, over the reports the known-bad tests left.

    NETSPECS_KILL_DIR=/tmp/kills .venv/bin/pytest tests -n auto     # keeps each known-bad's report
    .venv/bin/python scripts/reasons.py /tmp/kills

Prints, over every failing claim of every kept report: how many there are, those whose reason is
empty or generic (a border line, a bare `assert False`, Hypothesis's flakiness text first), the
longest message in characters, and the share that carries a hint. Exit status 1 when a reason is
empty or generic.
"""
import json
import re
import sys
from pathlib import Path

GENERIC = re.compile(r"^(\s*|[+|─-]+.*|assert (False|0)|AssertionError:?\s*|E\s*|Flaky\w*:.*|.*Inconsistent data generation.*)$")


def reason_of(message):
    """The line after the claim's own heading ("Claim x does not hold ...: statement")."""
    lines = (message or "").splitlines()
    return lines[1] if len(lines) > 1 else ""


def survey(folder):
    rows = []
    for path in sorted(Path(folder).glob("*.json")):
        if path.stem == "role_nodes":
            continue
        report = json.loads(path.read_text())["report"]
        for claim in report["claims"]:
            if claim["outcome"] in ("fail", "error"):
                rows.append((path.stem, claim))
    return rows


def main(argv):
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python scripts/reasons.py FOLDER  (a NETSPECS_KILL_DIR of a test run)", file=sys.stderr)
        return 2
    rows = survey(argv[0])
    if not rows:
        print(f"no failing claims in {argv[0]}: did the known-bad tests run with NETSPECS_KILL_DIR set?", file=sys.stderr)
        return 2
    generic = [(bad, claim) for bad, claim in rows if GENERIC.match(reason_of(claim["message"]))]
    longest = max(rows, key=lambda row: len(row[1]["message"] or ""))
    hinted = [row for row in rows if row[1].get("hint")]
    packages = len({bad for bad, _ in rows})
    print(f"{len(rows)} failing claims in {packages} known-bad reports")
    print(f"empty or generic reasons: {len(generic)}")
    for bad, claim in generic:
        print(f"  {bad}: {claim['id']}: {reason_of(claim['message'])!r}")
    print(f"longest message: {len(longest[1]['message'])} characters ({longest[0]}: {longest[1]['id']})")
    print(f"with a hint: {len(hinted)} of {len(rows)} ({100.0 * len(hinted) / len(rows):.0f}%)")
    return 1 if generic else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
