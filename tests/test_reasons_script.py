"""scripts/reasons.py: over the known-bads' kept reports, a generic reason is named and fails."""
import json
import subprocess
import sys

from tests.helpers import ROOT


def _keep(folder, bad, claims):
    report = {"claims": [{"id": i, "outcome": o, "message": m, "hint": h} for i, o, m, h in claims]}
    (folder / f"{bad}.json").write_text(json.dumps({"must_fail": [], "report": report}))


def run(folder):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "reasons.py"), str(folder)], capture_output=True, text=True, timeout=60)


def test_real_reasons_pass_and_a_border_line_is_named(tmp_path):
    _keep(tmp_path, "good", [("a.b", "fail", "Claim a.b does not hold: s\nAssertionError: sent 3 bytes, got 2\nhint: use sendall()", "use sendall()"),
                             ("a.c", "pass", "", None)])
    done = run(tmp_path)
    assert done.returncode == 0 and "empty or generic reasons: 0" in done.stdout and "with a hint: 1 of 1 (100%)" in done.stdout
    _keep(tmp_path, "boxed", [("a.d", "fail", "Claim a.d does not hold: s\n+------------------------------------", None)])
    done = run(tmp_path)
    assert done.returncode == 1 and "boxed: a.d" in done.stdout and "with a hint: 1 of 2 (50%)" in done.stdout
