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


def rejects_without_the_spec_s_check(folder=None):
    """The @rejects tests (module::name) that never touch a spec module's code: they assert the
    negated statement themselves, which shows nothing about the spec. A test passes when it, or a
    helper of its module it calls, uses a name imported from a spec module (not the harness)."""
    import ast
    from pathlib import Path

    folder = Path(folder or Path(__file__).parent)
    found = []
    for path in sorted(folder.glob("test_wrong_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        spec_names = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                      and node.module and node.module.split(".")[0] == "specs" and not node.module.startswith("specs.harness")
                      for alias in node.names}
        functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}

        def uses_a_spec(function, seen):
            for node in ast.walk(function):
                if isinstance(node, ast.Name) and node.id in spec_names:
                    return True
                if isinstance(node, ast.Name) and node.id in functions and node.id not in seen:
                    seen.add(node.id)
                    if uses_a_spec(functions[node.id], seen):
                        return True
            return False

        for name, function in functions.items():
            marked = any(isinstance(d, ast.Call) and getattr(d.func, "id", None) == "rejects" for d in function.decorator_list)
            if marked and not uses_a_spec(function, {name}):
                found.append(f"{path.name}::{name}")
    return found
