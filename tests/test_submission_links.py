"""A submission is judged on its own files: a symbolic link in it (to a classmate's folder, to the
reference) is never followed on the judge's side, so it leads nowhere inside the sandbox."""
import json
import os

from specs.harness import gradescope, grading
from tests.helpers import ROOT

CLASSMATE = "import queue\n\n\nclass MyQueue(queue.Queue):\n    pass\n"


def test_a_renamed_copy_keeps_a_link_to_a_classmate_a_link(tmp_path):
    # 'alice-smith' is no module name, so grade judges a copy: the copy must not take in bob's file
    subs = tmp_path / "subs"
    (subs / "bob").mkdir(parents=True)
    (subs / "bob" / "__init__.py").write_text(CLASSMATE)
    (subs / "alice-smith").mkdir()
    (subs / "alice-smith" / "__init__.py").write_text("from .mine import MyQueue  # noqa: F401\n")
    os.symlink("../bob/__init__.py", subs / "alice-smith" / "mine.py")
    copy = grading.importable_copy("alice-smith", subs / "alice-smith", tmp_path / "work")
    assert (copy / "mine.py").is_symlink()

    summary = grading.run_one("alice-smith", subs / "alice-smith", tmp_path / "out", pytest_args=["--claim", "queue.fifo"],
                              workdir=tmp_path / "work2", timeout=300)
    report = json.loads(summary["report"].read_text())
    outcomes = {row["id"]: row["outcome"] for row in report["claims"]}
    assert outcomes.get("queue.fifo") != "pass", "alice passed queue.fifo on bob's code"
    assert "mine" in report.get("error", ""), report.get("error")  # the link led nowhere: importing it failed


def test_a_submission_that_is_a_link_gets_a_row_and_no_run(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    os.symlink(ROOT / "impl" / "queues.py", subs / "carol.py")
    os.symlink(ROOT / "impl", subs / "dave")
    (subs / "erin.py").write_text(CLASSMATE)
    entries = {name: why for name, _, why in grading.find_entries(subs)}
    assert entries == {"carol": grading.LINK, "dave": grading.LINK, "erin": None}


def test_gradescope_never_picks_a_link_for_the_package(tmp_path):
    os.symlink(ROOT / "impl" / "queues.py", tmp_path / "answer.py")
    target, why = gradescope.find_package(tmp_path)
    assert target is None and "symbolic links, which are not judged: answer.py" in why
    (tmp_path / "mine.py").write_text(CLASSMATE)
    assert gradescope.find_package(tmp_path) == (tmp_path / "mine.py", None)
