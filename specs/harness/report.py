"""Per-claim verdicts of one run: collected from test reports, shown as a table, written as JSON."""
import json
import platform
import sys

from specs.harness.loader import NOT_IMPLEMENTED

OUTCOMES = ("pass", "fail", "error", "not-implemented", "skipped", "not-executable")
_RANK = {"fail": 0, "error": 1, "pass": 2, "not-implemented": 3, "skipped": 4}


def spec_outcome(report):
    """(outcome, message) of one test report phase, or None when the phase says nothing new."""
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.replace("Skipped: ", "", 1)
        if NOT_IMPLEMENTED in reason:
            return "not-implemented", reason.split(NOT_IMPLEMENTED, 1)[1].strip()
        return "skipped", reason
    if report.failed:
        return ("fail" if report.when == "call" else "error"), failure_summary(report.longreprtext)
    if report.when == "call":
        return "pass", ""
    return None


def failure_summary(text, limit=3000):
    """The lines a student needs: the assertion message and Hypothesis's falsifying example."""
    lines = [line[1:].strip() if line.startswith("E ") else None for line in text.splitlines()]
    picked = [line for line in lines if line]
    summary = "\n".join(picked) if picked else text.strip().splitlines()[-1] if text.strip() else "failed"
    return summary if len(summary) <= limit else summary[: limit - 20] + "\n... (cut)"


class ClaimBook:
    def __init__(self, catalogue):
        self.catalogue = catalogue  # id -> Claim
        self.specs = {}  # claim id -> {nodeid: (outcome, message)}

    def add(self, report):
        props = dict(report.user_properties)
        claims = props.get("claims") or []
        found = spec_outcome(report)
        if not claims or found is None:
            return
        violated = props.get("violated")
        for claim_id in claims:
            if violated and claim_id not in violated:
                self._record(claim_id, report.nodeid, ("pass", ""))  # no counterexample to this one
            else:
                self._record(claim_id, report.nodeid, found)

    def _record(self, claim_id, nodeid, found):
        specs = self.specs.setdefault(claim_id, {})
        previous = specs.get(nodeid)
        # a teardown error must not hide a call failure, nor a pass hide a setup skip
        if previous is None or _RANK[found[0]] < _RANK[previous[0]]:
            specs[nodeid] = found

    def verdicts(self):
        rows = []
        for claim in self.catalogue.values():
            specs = self.specs.get(claim.id)
            if specs:
                outcome, message = min(specs.values(), key=lambda om: _RANK[om[0]])
                if outcome == "fail":
                    message = f"Claim {claim.id} does not hold for this implementation: {claim.statement}\n{message}"
            elif not claim.executable:
                outcome, message = "not-executable", claim.note
            else:
                continue  # deselected or not collected in this run
            rows.append(
                {
                    "id": claim.id,
                    "chapter": claim.chapter,
                    "section": claim.section,
                    "statement": claim.statement,
                    "verdict": claim.verdict,
                    "kind": claim.kind,
                    "outcome": outcome,
                    "message": message,
                    "specs": {nodeid: om[0] for nodeid, om in sorted((specs or {}).items())},
                }
            )
        return rows

    def to_json(self, implementation):
        return {
            "implementation": implementation,
            "python": platform.python_version(),
            "python_implementation": platform.python_implementation(),
            "gil_enabled": getattr(sys, "_is_gil_enabled", lambda: True)(),
            "claims": self.verdicts(),
        }

    def write_json(self, path, implementation):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_json(implementation), f, ensure_ascii=False, indent=1)

    def render_table(self, write_line, implementation):
        rows = self.verdicts()
        if not rows:
            return
        cols = ("pass", "fail", "error", "not-implemented", "skipped", "not-executable")
        short = {"not-implemented": "not-impl", "not-executable": "not-exec"}
        write_line(f"implementation: {implementation}")
        header = f"{'section':<34}" + "".join(f"{short.get(c, c):>10}" for c in cols)
        write_line(header)
        sections = {}
        for row in rows:
            counts = sections.setdefault((row["chapter"], row["section"]), dict.fromkeys(cols, 0))
            counts[row["outcome"]] += 1
        for (chapter, section), counts in sections.items():
            label = f"{chapter} / {section}" if chapter != section else section
            write_line(_pad(label, 34) + "".join(f"{counts[c]:>10}" for c in cols))
        totals = {c: sum(1 for r in rows if r["outcome"] == c) for c in cols}
        write_line(_pad("total", 34) + "".join(f"{totals[c]:>10}" for c in cols))
        failed = [r for r in rows if r["outcome"] in ("fail", "error")]
        for row in failed:
            first = row["message"].splitlines()[1:2] or [""]
            write_line(f"{row['outcome'].upper()}: {row['id']} — {first[0][:160]}")


def _pad(text, width):
    # CJK characters take two columns in a terminal
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width - shown)
