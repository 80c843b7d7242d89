"""Batch grading: a folder of student packages -> results.html + gradebook.csv, judged in parallel,
each in its own process; a broken or hanging submission costs only its own grade."""
import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from specs.harness import grading, starter
from tests.helpers import BAD, ROOT
from tests.test_reports import parse

CLAIMS = ["pool.mypool.every-task-runs-once", "server.echo", "queue.fifo", "net.app.name-resolution"]  # a pool claim, the echo family, a claim of MyQueue and of the runtime queues, a claim of the runtime alone


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs = tmp_path_factory.mktemp("submissions")
    # a correct student (the reference's roles), a known-bad, a hanging MyPool under a name that is
    # not a module name, a fresh starter kit, and one that does not even import
    shutil.copytree(ROOT / "impl", subs / "alice", ignore=shutil.ignore_patterns("__pycache__"))  # a subject cannot see impl/
    shutil.copytree(BAD / "never_closes", subs / "bob")
    shutil.copytree(BAD / "contain_join", subs / "carol-smith")
    starter.create(subs / "dave")
    (subs / "erin").mkdir()
    (subs / "erin" / "__init__.py").write_text("def serve_iterative(listener)\n    pass\n")
    out = tmp_path_factory.mktemp("grades")
    cmd = [sys.executable, "-m", "specs", "grade", str(subs), "-o", str(out), "--jobs", "2", "--"]
    for claim in CLAIMS:
        cmd += ["--claim", claim]
    cmd += ["--timeout", "10"]  # pytest-timeout's, per spec: carol's hang is judged quickly (a search that runs out is judged again, 20 s, 40 s)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with open(out / "gradebook.csv", newline="", encoding="utf-8-sig") as f:
        book = {row["student"]: row for row in csv.DictReader(f)}
    return out, book, done.stdout


@pytest.mark.timeout(1500)
def test_gradebook_has_a_row_per_student_and_a_column_per_section(graded):
    out, book, _ = graded
    assert set(book) == {"alice", "bob", "carol-smith", "dave", "erin"}
    columns = list(next(iter(book.values())))
    sections = [grading.section_label(*s) for s in grading.sections()]
    assert columns == ["student_id", "student", "status"] + sections + ["passed", "judged", "failed", "undecided", "not_implemented", "percent"]
    passed = {name: int(row["passed"]) for name, row in book.items()}
    assert passed["alice"] > passed["bob"] > 0, passed  # bob fails one echo claim, passes another
    assert passed["alice"] > passed["carol-smith"], "carol's MyPool hangs"
    for name, row in book.items():
        assert sum(int(row[s]) for s in sections) <= passed[name], "per-section counts add up to at most the total"
    assert book["dave"]["status"] == "ok" and passed["dave"] == sum(
        int(book["dave"][s]) for s in sections
    ), "a starter kit passes only claims about the runtime"
    assert "SyntaxError" in book["erin"]["status"] and passed["erin"] == 0


@pytest.mark.timeout(1500)
def test_each_student_gets_reproducers_that_still_run_after_grading(graded, tmp_path):
    out, _, _ = graded
    scripts = sorted((out / "repro" / "bob").glob("*.py"))
    assert scripts, "bob fails an echo claim: his report folder has its reproducer"
    assert not (out / "repro" / "alice").exists() or not list((out / "repro" / "alice").glob("*.py")), "alice fails nothing"
    replayed = [s for s in scripts if "harness.replay import" in s.read_text()]
    assert replayed, [s.name for s in scripts]
    done = subprocess.run([sys.executable, str(replayed[0])], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "AssertionError" in done.stderr, done.stderr[-3000:]  # the work folder is gone; the copy beside it is not


@pytest.mark.timeout(1500)
def test_the_runtime_is_judged_once_per_batch_and_shown_to_everyone(graded):
    out, _, stdout = graded
    assert "the Python runtime's claims: judged once" in stdout
    once = json.loads((out / "runtime" / "reports" / "runtime_facts.json").read_text())
    judged_once = {row["id"] for row in once["claims"] if row["subject"] == "runtime" and row["outcome"] != "not-executable"}
    assert judged_once, "the runtime run judged the runtime's claims"
    runtime_cases = _cases(out / "runtime" / "junit" / "runtime_facts.xml")
    assert runtime_cases
    for student in ("alice", "bob"):
        report = json.loads((out / "reports" / f"{student}.json").read_text())
        assert judged_once <= {row["id"] for row in report["claims"]}, f"{student}'s report shows the batch's runtime verdicts"
        own = _cases(out / "junit" / f"{student}.xml")
        assert own and not own & runtime_cases, f"{student}'s run judged the runtime again: {sorted(own & runtime_cases)[:5]}"


def _cases(junit):
    return set(re.findall(r'<testcase classname="([^"]+)" name="([^"]+)"', Path(junit).read_text()))


@pytest.mark.timeout(1500)
def test_page_has_a_column_per_student_and_failure_messages(graded):
    out, _, _ = graded
    rows = parse((out / "results.html").read_text(encoding="utf-8"))
    header = [c.get("data-name") for c in rows[0]["cells"]]
    assert header[-5:] == ["alice", "bob", "carol-smith", "dave", "erin"]
    by_id = {r["cells"][0]["text"]: r["cells"] for r in rows if r["cells"] and r["cells"][0].get("class") == "id"}
    carol = by_id["pool.mypool.every-task-runs-once"][-3]
    assert "fail" in carol["class"] and "did not finish within" in carol["title"]
    assert "not-implemented" in by_id["pool.mypool.every-task-runs-once"][-2]["class"]  # dave's stub
    for name in ("alice", "bob", "carol-smith", "dave", "erin"):
        assert (out / "reports" / f"{name}.json").exists() and (out / "logs" / f"{name}.txt").exists()
        assert (out / "students" / f"{name}.html").exists(), "each student's own page"
    carol_page = (out / "students" / "carol-smith.html").read_text(encoding="utf-8")
    assert 'id="pool.mypool.every-task-runs-once"' in carol_page and "did not finish within" in carol_page
    assert "student_carol_smith" not in carol_page and "netspecs-run-" not in carol_page, "the renamed copy never shows"


@pytest.mark.timeout(1500)
def test_submissions_run_in_parallel_each_in_its_own_process(graded, tmp_path):
    out, _, stdout = graded
    # the command prints one line per finished submission
    # the command prints one line per finished submission: [k/N] name: status (seconds), time left
    finished = [line.split("] ", 1)[1].split(":")[0] for line in stdout.splitlines() if line.startswith("[")]
    assert sorted(finished) == ["alice", "bob", "carol-smith", "dave", "erin"], stdout
    # run two more, timing them: with --jobs 2 the two runs overlap
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("x1", "x2"):
        (subs / name).mkdir()
        (subs / name / "__init__.py").write_text("")
    results = grading.grade(subs, tmp_path / "out", jobs=2, pytest_args=["--claim", "queue.fifo"], progress=lambda _: None)
    a, b = results
    assert a["started"] < b["ended"] and b["started"] < a["ended"], "two submissions were judged at the same time"
    assert Path(tmp_path / "out" / "gradebook.csv").exists()


def test_grade_refuses_an_empty_folder(tmp_path):
    done = subprocess.run([sys.executable, "-m", "specs", "grade", str(tmp_path), "-o", str(tmp_path / "o")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no submissions" in done.stderr


@pytest.mark.timeout(600)
def test_the_gradebook_is_one_an_lms_imports(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copytree(BAD / "queue_lifo", subs / "li_lei")
    (subs / "=HYPERLINK(1)").mkdir()  # an empty folder whose name a spreadsheet would run
    (subs / "han_mei").mkdir()
    (subs / "han_mei" / "queues.py").write_text("MyQueue = None\n")  # no __init__.py: not a package
    ids = tmp_path / "ids.csv"
    ids.write_text("folder,id\nli_lei,20260001\nhan_mei,20260002\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "specs", "grade", str(subs), "-o", str(out), "--ids", str(ids),
                           "--", "--claim", "queue.fifo"], cwd=ROOT, capture_output=True, text=True, timeout=500)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    raw = (out / "gradebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM: Excel shows the Chinese headers"
    with open(out / "gradebook.csv", newline="", encoding="utf-8-sig") as f:
        book = {row["student"]: row for row in csv.DictReader(f)}
    assert set(book) == {"li_lei", "'=HYPERLINK(1)", "han_mei"}, "every folder handed in has a row; no cell is a formula"
    assert book["li_lei"]["student_id"] == "20260001" and book["han_mei"]["student_id"] == "20260002"
    assert book["li_lei"]["status"] == "ok" and int(book["li_lei"]["failed"]) >= 1 and float(book["li_lei"]["percent"]) < 100
    assert "without __init__.py" in book["han_mei"]["status"] and "empty folder" in book["'=HYPERLINK(1)"]["status"]
    suites = (out / "junit" / "li_lei.xml").read_text()
    assert 'name="li_lei"' in suites, "the JUnit suite is named after the student"
