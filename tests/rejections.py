"""Evidence that every executable claim can fail: the registry tests/test_catalogue.py checks.

KNOWN_BAD: bad package under tests/bad/ -> (claim prefixes to run, claims that must fail,
claims that must still pass), read from each package's expect.py (RUN, MUST_FAIL, MUST_PASS).
test_known_bad.py runs each and checks exactly that.

@rejects(claim_id, ...): a test in tests/ showing that the spec of a claim about the runtime
rejects a wrong statement of it (the tutorial's, typically), where no implementation is involved.
"""
def _known_bad():
    import runpy
    from pathlib import Path

    found = {}
    for expect in sorted((Path(__file__).parent / "bad").glob("*/expect.py")):
        spec = runpy.run_path(str(expect))
        found[expect.parent.name] = (spec["RUN"], spec["MUST_FAIL"], spec.get("MUST_PASS", []))
    return found


KNOWN_BAD = _known_bad()


def expected_hints(bad):
    """{claim id: text its failure's hint must contain}: expect.py's optional HINTS (the hint a
    student is given for this mistake, checked where the evidence makes it certain)."""
    import runpy
    from pathlib import Path

    return runpy.run_path(str(Path(__file__).parent / "bad" / bad / "expect.py")).get("HINTS", {})

WRONG_ASSERTIONS = set()


def rejects(*claim_ids):
    WRONG_ASSERTIONS.update(claim_ids)

    def mark(test):
        test.rejects = claim_ids
        return test

    return mark


def rejected_claims():
    """Claim ids with evidence of rejection (importing the wrong-assertion test modules registers theirs)."""
    import importlib
    import pkgutil

    import tests

    for info in pkgutil.iter_modules(tests.__path__):
        if info.name.startswith("test_"):
            importlib.import_module(f"tests.{info.name}")
    bad = {c for _, must_fail, _ in KNOWN_BAD.values() for c in must_fail}
    return bad | WRONG_ASSERTIONS
