"""Bad input from a user gets one clear line and a non-zero exit, never a traceback wall."""
import pytest

from tests.helpers import ROOT, run_specs

CASES = {
    "no such path": ("tests/bad_input/does_not_exist", "no such file or directory"),
    "syntax error": ("tests/bad_input/syntax_error", "SyntaxError"),
    "wrong signature": ("tests/bad_input/wrong_signature", "role 'serve_iterative' has the wrong signature"),
    "monkey-patches at import": ("tests/bad_input/patches_at_import", "monkey-patches the interpreter"),
    "exits at import": ("tests/bad_input/exits_at_import", "exit(3)"),
    "not a package": ("tests/bad_input", None),  # has __init__? no: a folder of packages
    "not a module name": ("no-such-module!", "neither an existing path nor a module name"),
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_impl_gets_one_line_and_nonzero_exit(case):
    impl, expected = CASES[case]
    done, _ = run_specs(impl=impl, profile=None)
    errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("ERROR:")]
    assert done.returncode not in (0, 1), f"exit {done.returncode}"
    assert len(errors) == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    if expected:
        assert expected in errors[0]


@pytest.mark.timeout(120)
def test_missing_roles_are_reported_not_implemented_not_passed(tmp_path):
    # claims judged only through roles (no runtime facts among them)
    done, rows = run_specs(impl=ROOT / "tests" / "bad_input" / "empty", claims=["server.echo", "pool.mypool"], tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout
    assert rows, done.stdout
    assert {row["outcome"] for row in rows.values() if row["verdict"] != "not-executable"} == {"not-implemented"}
    assert "not-impl" in done.stdout  # the terminal table
