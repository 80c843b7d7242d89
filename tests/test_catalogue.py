"""The catalogue, the specs and the generated documents agree with each other."""
import json
import subprocess
import sys

import pytest

from specs.__main__ import ROOT, catalogue_rows, collect_specs
from specs.catalogue import EMPTY_HEADINGS, SECTIONS
from specs.harness.claims import KINDS, VERDICTS, load_catalogue
from tests.rejections import KNOWN_BAD, rejected_claims, rejects_without_the_spec_s_check


@pytest.fixture(scope="module")
def specs():
    return collect_specs()


def test_every_spec_names_a_claim(specs):
    assert specs, "no specs collected"
    assert [nodeid for nodeid, claims, _ in specs if not claims] == []


def test_every_executable_claim_has_a_spec(specs):
    checked = {c for _, claims, _ in specs for c in claims}
    missing = [c.id for c in load_catalogue() if c.executable and c.id not in checked]
    assert missing == [], "executable claims without a spec"


def test_every_executable_claim_is_shown_to_reject_something():
    rejected = rejected_claims()
    missing = [c.id for c in load_catalogue() if c.executable and c.id not in rejected]
    assert missing == [], "claims no known-bad implementation or wrong assertion makes fail (tests/rejections.py)"


def test_every_rejects_test_runs_the_spec_s_own_check():
    """Evidence of a rejection is the spec's own check failing on the wrong world: a test that
    asserts the negated statement itself could pass whatever the spec checks."""
    assert rejects_without_the_spec_s_check() == []


def test_the_rejects_rule_tells_a_spec_check_from_an_inline_assertion(tmp_path):
    (tmp_path / "test_wrong_demo.py").write_text(
        "import pytest\nfrom specs import test_locks as locks\nfrom specs.harness.blocking import PendingCall\n"
        "from tests.rejections import rejects\n\n"
        "def rejected(check, *args):\n    with pytest.raises(AssertionError):\n        check(*args)\n\n"
        "@rejects('a')\ndef test_through_a_helper():\n    rejected(locks.check_mutual_exclusion, None)\n\n"
        "@rejects('b')\ndef test_inline():\n    with pytest.raises(AssertionError):\n        assert PendingCall\n"
    )
    assert rejects_without_the_spec_s_check(tmp_path) == ["test_wrong_demo.py::test_inline"]


def test_known_bad_packages_exist_and_name_real_claims():
    ids = {c.id for c in load_catalogue()}
    for bad, (_, must_fail, must_pass) in KNOWN_BAD.items():
        assert (ROOT / "tests" / "bad" / bad / "__init__.py").exists(), bad
        assert set(must_fail) | set(must_pass) <= ids, bad


def test_claims_are_well_formed():
    claims = load_catalogue()
    assert len({c.id for c in claims}) == len(claims)
    for c in claims:
        assert (c.chapter, c.section) in SECTIONS
        assert c.verdict in VERDICTS and c.kind in KINDS
        assert c.verdict == "holds" or c.note, c.id


def test_every_heading_has_a_claim_or_says_why_not():
    have = {(c.chapter, c.section) for c in load_catalogue()}
    assert [h for h in SECTIONS if h not in have] == list(EMPTY_HEADINGS)
    assert "No claim. The tutorial gives this heading no text" in (ROOT / "CLAIMS.md").read_text()


def test_catalog_json_lists_every_claim_with_its_specs():
    done = subprocess.run([sys.executable, "-m", "specs", "catalog", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["id"] for r in rows] == [c.id for c in load_catalogue()]
    for row in rows:
        assert {"id", "section", "statement", "verdict", "note", "kind", "specs"} <= set(row)
        assert all("::" in s for s in row["specs"])


def test_generated_documents_are_current():
    done = subprocess.run([sys.executable, "-m", "specs", "render", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_catalogue_rows_follow_tutorial_order():
    order = {key: i for i, key in enumerate(SECTIONS)}
    positions = [order[(r["chapter"], r["section"])] for r in catalogue_rows()]
    assert positions == sorted(positions)
