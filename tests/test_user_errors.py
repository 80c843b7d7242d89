"""Bad input from a user gets one clear line and a non-zero exit, never a traceback wall."""
import json
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, clean_env, run_specs

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


@pytest.mark.timeout(120)
def test_a_spec_of_missing_roles_only_starts_nothing(tmp_path, monkeypatch):
    """A package with MyQueue and no server: the server's spec is not implemented without a child
    or a subject (it is absent from the trace of forked specs); the queue's spec still runs."""
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv("SPECS_TRACE", str(trace))
    done, rows = run_specs(impl=ROOT / "tests" / "bad" / "queue_lifo", claims=["queue.fifo", "server.iterative."], tmp_path=tmp_path)
    assert rows, done.stdout
    served = rows["server.iterative.one-client-at-a-time"]
    assert served["outcome"] == "not-implemented" and "provides no role 'serve_iterative'" in served["message"]
    assert rows["queue.fifo"]["outcome"] == "fail"  # judged: the package's MyQueue is a stack
    forked = [json.loads(line)["nodeid"] for line in trace.read_text().splitlines()]
    assert any("test_queues.py" in nodeid for nodeid in forked), forked
    assert not any("serve_iterative" in nodeid for nodeid in forked), forked


def error_lines(done, start="ERROR:"):
    """The lines of a run's output that report an error; a clean failure has exactly one."""
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "INTERNALERROR" not in output, output[-3000:]
    return [line for line in output.splitlines() if line.startswith(start)]


def run_pytest_specs(*args, env=None):
    """`pytest specs ARGS` as a user types it (no -n: the plugin chooses)."""
    cmd = [sys.executable, "-m", "pytest", "specs", "-p", "no:cacheprovider", "--no-header", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**clean_env(), **(env or {})})


def run_cli(*args, **kwargs):
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run([sys.executable, "-m", "specs", *args], cwd=ROOT, text=True, timeout=300, **kwargs)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("where, expected", [("/no/such/dir/r.json", "no folder /no/such/dir"), ("FOLDER", "is a folder"),
                                             ("/proc/r.json", "cannot write there")])  # a folder no file can be made in, root or not
def test_bad_claims_report_path_stops_the_run_before_any_spec(where, expected, tmp_path):
    where = str(tmp_path) if where == "FOLDER" else where
    done, _ = run_specs("--claims-report", where, claims=["queue.fifo"], profile=None)
    errors = error_lines(done)
    assert done.returncode == 4, done.stdout + done.stderr
    assert len(errors) == 1 and expected in errors[0], done.stdout + done.stderr
    assert "passed" not in done.stdout, "no spec runs before the check"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("how", ["option", "environment"])
def test_unknown_hypothesis_profile_names_the_known_ones(how):
    if how == "option":
        done = run_pytest_specs("-q", "-n", "0", "--claim", "queue.fifo", "--hypothesis-profile=nope")
    else:
        done = run_pytest_specs("-q", "-n", "0", "--claim", "queue.fifo", env={"SPECS_PROFILE": "nope"})
    errors = error_lines(done)
    assert done.returncode == 4, done.stdout + done.stderr
    assert len(errors) == 1, done.stdout + done.stderr
    assert "'nope'" in errors[0] and "dev, ci, thorough, reject" in errors[0]
    assert ("SPECS_PROFILE" if how == "environment" else "--hypothesis-profile") in errors[0]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("value", ["four", "0", "-2"])
def test_specs_at_once_must_be_a_whole_number_from_one(value):
    done = run_pytest_specs("-q", "-n", "0", "--claim", "queue.fifo", env={"SPECS_AT_ONCE": value})
    errors = error_lines(done)
    assert done.returncode == 4, done.stdout + done.stderr
    assert len(errors) == 1 and f"SPECS_AT_ONCE={value!r}" in errors[0], done.stdout + done.stderr


@pytest.mark.timeout(120)
def test_impl_given_twice_is_an_error_not_last_wins():
    done, _ = run_specs("--impl", "tests/bad_input/empty", impl="impl", claims=["queue.fifo"], profile=None)
    errors = error_lines(done)
    assert done.returncode == 4, done.stdout + done.stderr
    assert len(errors) == 1 and "give --impl once" in errors[0], done.stdout + done.stderr


@pytest.mark.timeout(120)
@pytest.mark.parametrize("prefix, expected", [("quue.fifo", "closest: queue.fifo"), ("pool.mypol", "pool.mypool."), ("nomatch.", "queue.")])
def test_claim_prefix_matching_nothing_names_the_closest(prefix, expected):
    done, _ = run_specs(claims=[prefix], profile=None)
    errors = error_lines(done)
    assert done.returncode == 4, f"a usage error, not 'no tests ran': exit {done.returncode}"
    assert len(errors) == 1, done.stdout + done.stderr
    assert repr(prefix) in errors[0] and expected in errors[0]


@pytest.mark.timeout(120)
def test_a_run_of_one_claim_starts_no_workers():
    done = run_pytest_specs("-v", "--claim", "queue.fifo")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "workers" not in done.stdout and "[gw" not in done.stdout, done.stdout[-2000:]  # xdist's words
    assert " PASSED" in done.stdout


@pytest.mark.timeout(120)
def test_html_into_a_missing_folder_is_one_line(tmp_path):
    report = tmp_path / "claims.json"
    report.write_text(json.dumps({"implementation": "x", "python": "3", "claims": []}))
    done = run_cli("html", str(report), "-o", "/no/such/dir/x.html")
    errors = error_lines(done, "error:")
    assert done.returncode == 2
    assert len(errors) == 1 and "no folder /no/such/dir" in errors[0], done.stderr
    assert "wrote" not in done.stdout


@pytest.mark.timeout(120)
@pytest.mark.parametrize("content", ["hello", "{}", "[1, 2]", '{"claims": [1]}', '{"claims": "all"}'])
def test_html_of_a_file_that_is_not_a_claims_report_is_one_line(content, tmp_path):
    notareport = tmp_path / "notareport.json"
    notareport.write_text(content)
    done = run_cli("html", str(notareport), "-o", str(tmp_path / "x.html"))
    errors = error_lines(done, "error:")
    assert done.returncode == 2, done.stdout
    assert len(errors) == 1 and "is not a claims report" in errors[0], done.stderr
    assert "wrote" not in done.stdout and not (tmp_path / "x.html").exists()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("args", [["catalog"], ["catalog", "--json"]])
def test_catalog_into_a_closed_pipe_exits_quietly(args):
    reader, writer = os.pipe()
    os.close(reader)  # as `| head -1` does once it has its line: every write meets a closed pipe
    try:
        done = run_cli(*args, stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.stderr.strip() == "", done.stderr
    assert done.returncode != 0


@pytest.mark.timeout(120)
def test_starter_where_no_folder_can_be_made_is_one_line(tmp_path):
    in_the_way = tmp_path / "afile"
    in_the_way.write_text("")
    done = run_cli("starter", str(in_the_way / "kit"))  # a file where its parent folder would go
    errors = error_lines(done, "error:")
    assert done.returncode == 2
    assert len(errors) == 1 and f"cannot write {in_the_way / 'kit' / '__init__.py'}" in errors[0], done.stderr


@pytest.mark.timeout(120)
def test_grade_of_no_submissions_or_into_an_impossible_folder_is_one_line_and_makes_nothing(tmp_path):
    empty = tmp_path / "submissions"
    empty.mkdir()
    done = run_cli("grade", str(empty), "-o", str(tmp_path / "out" / "grades"), "--unsafe-no-sandbox")
    errors = error_lines(done, "error:")
    assert done.returncode == 2 and len(errors) == 1 and "no submissions" in errors[0], done.stderr
    assert not (tmp_path / "out").exists()  # refused before any folder is made
    (empty / "alice.py").write_text("")
    (tmp_path / "afile").write_text("")
    done = run_cli("grade", str(empty), "-o", str(tmp_path / "afile" / "grades"), "--unsafe-no-sandbox")
    errors = error_lines(done, "error:")
    assert done.returncode == 2 and len(errors) == 1 and "cannot create it" in errors[0], done.stderr


@pytest.mark.timeout(120)
@pytest.mark.parametrize("option, value", [("--jobs", "0"), ("--jobs", "two"), ("--timeout", "-1"), ("--timeout", "nan")])
def test_grade_counts_and_seconds_must_be_above_zero(option, value, tmp_path):
    done = run_cli("grade", str(tmp_path), "-o", str(tmp_path / "out"), option, value)
    errors = [line for line in error_lines(done, "") if " grade: error: " in line]  # the prog name: netspecs or python -m specs
    assert done.returncode == 2 and len(errors) == 1 and f"argument {option}: '{value}' is not a" in errors[0], done.stderr


CONFTEST_PACKAGE = ROOT / "tests" / "hostile" / "conftest_beside_roles"
CONFTEST_RAN = Path(runpy.run_path(str(CONFTEST_PACKAGE / "expect.py"))["MUST_NOT_EXIST"][0])  # what its conftest.py writes


@pytest.mark.timeout(120)
def test_settings_beside_the_package_stop_the_run_before_its_conftest_runs(tmp_path):
    # `pytest --impl PATH specs`: pytest takes its settings file from the first folder named, here
    # the package's, before the plugin that knows --impl is loaded. The run stops with one line,
    # and the package's conftest.py (which notes that it ran) never ran in the judge.
    package = tmp_path / "submission"
    shutil.copytree(CONFTEST_PACKAGE, package)
    (package / "pytest.ini").write_text("[pytest]\n")
    cmd = [sys.executable, "-m", "pytest", "--impl", str(package), "specs", "-p", "no:cacheprovider", "-n", "0", "--claim", "queue.fifo"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=clean_env())
    errors = error_lines(done)
    assert done.returncode == 4, done.stdout + done.stderr
    assert len(errors) == 1 and f"--impl={package} (one word)" in errors[0], done.stdout + done.stderr
    assert not CONFTEST_RAN.exists(), "the package's conftest.py ran inside the judge"


@pytest.mark.timeout(120)
def test_check_never_reads_the_packages_conftest():
    # `netspecs check PACKAGE` (and grade, the same way) gives pytest --impl=PACKAGE in one word
    done = run_cli("check", str(CONFTEST_PACKAGE), "--claim", "queue.fifo", "-n", "0", "-p", "no:netspecs_impl_option")
    assert done.returncode == 1 and "FAIL: queue.fifo" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    assert not CONFTEST_RAN.exists(), "the package's conftest.py ran inside the judge"
