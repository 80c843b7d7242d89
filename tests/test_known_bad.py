"""Each known-bad implementation is rejected, and by the claim that names its mistake.

Like Hypothesis's tests/quality: these prove the specs find bugs, not just that they pass.
"""
import pytest

from tests import kill_matrix
from tests.helpers import BAD, run_specs
from tests.rejections import KNOWN_BAD, expected_hints

@pytest.mark.timeout(600)
@pytest.mark.parametrize("bad", sorted(KNOWN_BAD))
def test_known_bad_implementation_is_rejected_by_the_right_claim(bad, tmp_path):
    prefixes, must_fail, must_pass = KNOWN_BAD[bad]
    done, rows = run_specs(impl=BAD / bad, claims=prefixes, tmp_path=tmp_path)
    assert rows is not None, f"no claims report:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert done.returncode == 1, f"pytest should report failures (exit 1), got {done.returncode}:\n{done.stdout[-3000:]}"
    for claim_id in must_fail:
        row = rows.get(claim_id)
        assert row and row["outcome"] == "fail", f"{bad}: {claim_id} should fail, got {row and row['outcome']}"
        assert claim_id in row["message"], "the failure message names the claim"
    for claim_id, hint in expected_hints(bad).items():
        hints = [line for line in rows[claim_id]["message"].splitlines() if line.startswith("hint: ")]
        assert any(hint in line for line in hints), f"{bad}: {claim_id} should hint {hint!r}: {rows[claim_id]['message'][:3000]}"
    for claim_id in must_pass:
        assert rows[claim_id]["outcome"] == "pass", f"{bad}: {claim_id} should pass: {rows[claim_id]['message']}"
    kill_matrix.leave_report(bad, tmp_path / "claims.json", must_fail)
