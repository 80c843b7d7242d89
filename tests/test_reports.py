"""Reports: the claims JSON, the HTML page rendered from one or more of them, and JUnit XML."""
import ast
import html.parser
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from specs.harness import htmlreport, isolation, report
from specs.harness.claims import load_catalogue
from tests.helpers import BAD, ROOT, run_specs

BAD_IMPL = "never_closes"  # a known-bad package and the claims it is run on (tests/bad/*/expect.py)


class Table(html.parser.HTMLParser):
    """The page's table as rows of (tag, attrs, text) cells."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append({"class": dict(attrs).get("class", ""), "cells": []})
        elif tag in ("td", "th") and self.rows:
            self._cell = {"tag": tag, **dict(attrs), "text": ""}
            self.rows[-1]["cells"].append(self._cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def parse(page):
    table = Table()
    table.feed(page)
    return table.rows


def fake_report(name, outcomes):
    claims = []
    for c in load_catalogue():
        if c.id in outcomes:
            outcome, message = outcomes[c.id]
            claims.append({"id": c.id, "chapter": c.chapter, "section": c.section, "statement": c.statement,
                           "verdict": c.verdict, "kind": c.kind, "outcome": outcome, "message": message, "specs": {}})
    return {"implementation": name, "python": "3.x", "python_implementation": "CPython", "claims": claims}


def test_html_rows_are_claims_by_section_and_columns_are_implementations():
    claims = [c for c in load_catalogue() if c.executable]
    first, second = claims[0], claims[-1]
    reports = [
        fake_report("alice", {first.id: ("pass", ""), second.id: ("fail", "expected <b>4</b> & got 5")}),
        fake_report("bob", {first.id: ("not-implemented", "bob provides no role"), second.id: ("pass", "")}),
        {"implementation": "carol", "error": "importing it failed: SyntaxError", "claims": []},
    ]
    rows = parse(htmlreport.render(reports))
    header = rows[0]["cells"]
    assert [c["data-name"] for c in header[-3:]] == ["alice", "bob", "carol"]
    assert "SyntaxError" in header[-1]["title"]
    assert rows[1]["class"] == "totals", "the totals come first"
    by_id = {r["cells"][0]["text"]: r for r in rows if r["cells"] and r["cells"][0].get("class") == "id"}
    assert set(by_id) == {first.id, second.id}, "every claim the reports judged is a row"
    fail = by_id[second.id]["cells"][3]
    assert "fail" in fail["class"] and fail["title"] == "expected <b>4</b> & got 5", "the message shows on hover, escaped"
    assert "pass" in by_id[first.id]["cells"][3]["class"]
    assert "not-implemented" in by_id[first.id]["cells"][4]["class"]
    assert "broken" in by_id[first.id]["cells"][5]["class"]
    # section rows come in the tutorial's order, each before its claims
    sections = [r["cells"][0]["text"] for r in rows if "section" in r["class"].split()]
    expected = []
    for c in (first, second):
        label = c.section if c.chapter == c.section else f"{c.chapter} › {c.section}"
        if label not in expected:
            expected.append(label)
    assert sections == expected


def test_html_survives_an_unreadable_report(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    rows = parse(htmlreport.render(htmlreport.load([broken])))
    assert "unreadable report" in rows[0]["cells"][-1]["title"]


@pytest.mark.timeout(600)
def test_real_reports_render_and_junit_xml_works(tmp_path):
    """Two real runs (the reference and a known-bad) -> two JSON reports -> one page; the same
    runs write JUnit XML as pytest gives it, with the failure's message."""
    from tests.rejections import KNOWN_BAD

    prefixes, must_fail, must_pass = KNOWN_BAD[BAD_IMPL]
    reports = []
    for name, impl in (("reference", None), (BAD_IMPL, BAD / BAD_IMPL)):
        folder = tmp_path / name
        folder.mkdir()
        junit = folder / "junit.xml"
        done, rows = run_specs("--junitxml", str(junit), impl=impl, claims=prefixes, tmp_path=folder)
        assert rows is not None, done.stdout[-3000:]
        reports.append(folder / "claims.json")
        suite = ET.parse(junit).getroot()
        cases = suite.iter("testcase")
        failures = [(case.get("name"), f.get("message") or "") for case in cases for f in case.findall("failure")]
        if impl is None:
            assert not failures and int(suite.find("testsuite").get("tests") if suite.tag == "testsuites" else suite.get("tests")) > 0
        else:
            assert failures, "the known-bad's failures are in the JUnit XML"
    page = tmp_path / "results.html"
    done = subprocess.run([sys.executable, "-m", "specs", "html", *map(str, reports), "-o", str(page)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = parse(page.read_text(encoding="utf-8"))
    header = [c.get("data-name") for c in rows[0]["cells"]]
    assert header[-2:] == ["impl", BAD_IMPL]
    assert (tmp_path / "results-students" / f"{BAD_IMPL}.html").is_file()
    by_id = {r["cells"][0]["text"]: r["cells"] for r in rows if r["cells"] and r["cells"][0].get("class") == "id"}
    for claim_id in must_fail:
        assert "pass" in by_id[claim_id][3]["class"]
        assert "fail" in by_id[claim_id][4]["class"] and claim_id in by_id[claim_id][4]["title"]
    for claim_id in must_pass:
        assert "pass" in by_id[claim_id][4]["class"]


def test_claims_json_has_what_the_page_needs(tmp_path):
    done, rows = run_specs(impl=None, claims=["queue.fifo"], tmp_path=tmp_path)
    data = json.loads((tmp_path / "claims.json").read_text())
    assert {"implementation", "python", "claims"} <= set(data)
    for row in data["claims"]:
        assert {"id", "chapter", "section", "statement", "verdict", "outcome", "message"} <= set(row)


# Failure summaries (`report.failure_summary`) of the texts pytest really writes for Hypothesis's
# failures: tiny tests run by a pytest of their own, outside this project (no specs plugin).
TINY_TESTS = '''
from hypothesis import given, settings, strategies as st

once = settings(database=None, derandomize=True)
calls, draws = [], []


@once
@given(st.integers())
def test_two_distinct_failures(x):
    if x > 10:
        assert x < 5, f"expected a small number, got {x}"
    if x < -10:
        raise ValueError(f"negative numbers are refused: {x}")


@once
@given(st.integers())
def test_fails_on_first_call_only(x):
    calls.append(x)
    assert len(calls) > 1, f"the first call lost the reply to {x}"


@once
@given(st.data())
def test_draws_differently_on_replay(data):
    draws.append(1)
    if len(draws) == 1:
        count = data.draw(st.integers())
        assert False, f"the server dropped {count} connections"
    data.draw(st.text())


@settings(database=None, derandomize=True, print_blob=True)
@given(st.integers())
def test_plain_assertion(x):
    assert x < 3, f"expected fewer than 3 items, got {x}"


@once
@given(st.integers(min_value=0, max_value=3))
def test_huge_bytes_message(n):
    sent = bytes(range(256)) * 200  # 51,200 bytes: a repr of about 150,000 characters
    assert sent[n:] == b"", f"the echo returned {sent!r}"
'''

CAPTURE = '''
import json

def pytest_runtest_logreport(report):
    if report.failed:
        with open("longreprs.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": report.nodeid.split("::")[-1], "text": report.longreprtext}) + "\\n")
'''


@pytest.fixture(scope="module")
def longreprs(tmp_path_factory):
    """Test name -> the failure text (longreprtext) pytest reported for it."""
    folder = tmp_path_factory.mktemp("tiny_hypothesis")
    (folder / "test_tiny.py").write_text(TINY_TESTS, encoding="utf-8")
    (folder / "conftest.py").write_text(CAPTURE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HYPOTHESIS_"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "test_tiny.py", "-p", "no:cacheprovider", "-q"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    lines = (folder / "longreprs.jsonl").read_text(encoding="utf-8").splitlines()
    texts = {row["name"]: row["text"] for row in map(json.loads, lines)}
    assert set(texts) == {"test_two_distinct_failures", "test_fails_on_first_call_only",
                          "test_draws_differently_on_replay", "test_plain_assertion", "test_huge_bytes_message"}
    return texts


def example_words(summary):
    """Hypothesis's example line in the words of the Hypothesis for Python 3.8 (later ones say
    "Failing test case")."""
    return summary.replace("Failing test case:", "Falsifying example:")


def assert_readable(summary):
    """What every summary must be: short, non-empty, no border, no group indent, no Hypothesis noise,
    and never Hypothesis's flakiness text as its first line."""
    lines = summary.splitlines()
    assert lines and len(summary) <= 3000, summary
    for line in lines:
        assert line.strip() and not re.fullmatch(r"[\s+\-|=_~^\u2500-\u257f]*", line), f"a border line: {summary}"
        assert not line.startswith(("|", "+-", "+ Exception")), f"a group indent left: {summary}"
        assert len(line) <= 600, f"a line of {len(line)} characters"
    for noise in ("Inconsistent data generation", "You can add @seed", "reproduce_failure", "Explanation:",
                  "These lines were always", "Exception Group Traceback", "Failed to reproduce exception"):
        assert noise not in summary, f"{noise!r} in: {summary}"
    assert not re.match(r"(hypothesis\.errors\.)?Flaky", lines[0]), f"the flakiness heads: {summary}"


def test_summary_of_two_distinct_failures_keeps_each_with_its_example(longreprs):
    text = longreprs["test_two_distinct_failures"]
    assert "2 distinct failures" in text and "+---" in text, "Hypothesis raised an exception group"
    assert example_words(report.failure_summary(text)) == "\n".join([
        "failure 1 of 2: ValueError: negative numbers are refused: -11",
        "Falsifying example: test_two_distinct_failures(x=-11)",
        "failure 2 of 2: AssertionError: expected a small number, got 11",
        "assert 11 < 5",
        "Falsifying example: test_two_distinct_failures(x=11)",
    ])


def test_summary_of_a_flaky_failure_gives_the_reason_then_says_it_did_not_replay(longreprs):
    summary = report.failure_summary(longreprs["test_fails_on_first_call_only"])
    assert_readable(summary)
    lines = example_words(summary).splitlines()
    assert lines[0] == "AssertionError: the first call lost the reply to 0"
    assert "Falsifying example: test_fails_on_first_call_only(x=0)" in lines
    assert lines[-1] == report.REPLAYED == (
        "the failure did not reproduce on replay: your code behaves differently on a second run")


def test_summary_of_inconsistent_data_generation_gives_the_first_runs_failure(longreprs):
    text = longreprs["test_draws_differently_on_replay"]
    assert "Inconsistent" in text and "Is your data generation depending on external state?" in text
    summary = report.failure_summary(text)
    assert_readable(summary)
    lines = summary.splitlines()
    # a Hypothesis with exception groups quotes the first run's assertion; an older one
    # (the last for Python 3.8) names only its type and place
    assert lines[0] == "AssertionError: the server dropped 0 connections" or re.fullmatch(
        r"the first run failed with AssertionError at \S*test_tiny\.py:\d+", lines[0]), summary
    assert lines[-1] == report.REPLAYED


def test_summary_of_a_plain_assertion_is_its_message_and_example(longreprs):
    text = longreprs["test_plain_assertion"]
    assert "reproduce_failure" in text
    summary = report.failure_summary(text)
    assert_readable(summary)
    assert example_words(summary) == ("AssertionError: expected fewer than 3 items, got 3\nassert 3 < 3\n"
                                      "Falsifying example: test_plain_assertion(x=3)")


def test_summary_cuts_a_huge_bytes_message_in_the_middle(longreprs):
    text = longreprs["test_huge_bytes_message"]
    assert len(text) > 100_000
    for sent in (text, isolation._cut(text, 2 * isolation.TEXT_LIMIT)):  # as the spec's child sends it
        summary = report.failure_summary(sent)
        assert_readable(summary)
        first, *rest = summary.splitlines()
        assert first.startswith("AssertionError: the echo returned b'\\x00\\x01\\x02")
        assert re.search(r" \.\.\. \[\d+ characters cut\] \.\.\. ", first) and len(first) <= report.LINE_LIMIT
        assert example_words(rest[-1]) == "Falsifying example: test_huge_bytes_message(n=0)", summary


def test_summary_keeps_the_harness_explanation_and_survives_any_cut(longreprs):
    """The child adds its own `E` line after pytest's text (a timeout, an exit) and cuts a text
    that is too long in the middle: the summary stays readable at any cut."""
    text = longreprs["test_two_distinct_failures"]
    why = "the spec did not finish within its timeout of 5 s: the implementation hung"
    lines = report.failure_summary(f"{text}\nE   {why}").splitlines()
    assert lines[0].startswith("failure 1 of 2: ValueError") and lines[-1] == why
    for name, text in sorted(longreprs.items()):
        for limit in range(200, len(text) + 200, max(37, len(text) // 300)):
            summary = report.failure_summary(isolation._cut(text, limit))
            lines = summary.splitlines()
            assert lines and not any(re.fullmatch(r"[\s+\-|=_~^\u2500-\u257f]*", line) for line in lines), summary
            assert not any(line.startswith("|") for line in lines), summary


def test_summary_of_older_hypothesis_flakiness_never_heads_with_it():
    """Hypothesis before exception groups (`Flaky`, its first run quoted), and the last release for
    Python 3.8 (a replay error chained to a strategy error, without the first run's message)."""
    quoted = "\n".join([
        "E   hypothesis.errors.Flaky: Hypothesis test_echo(x=0) produces unreliable results: "
        "Falsified on the first call but did not on a subsequent one",
        "E   Falsifying example: test_echo(",
        "E       x=0,",
        "E   )",
        "E   You can add @seed(123) to this test or run pytest with --hypothesis-seed=123 to reproduce this failure.",
        "E   Failed to reproduce exception. Expected: ",
        "E   x = 0",
        "E   ",
        "E   >       assert reply == b'x', f'no reply to {x}'",
        "E   E       AssertionError: no reply to 0",
        "E   ",
        "",
        "specs/test_echo.py:12: Flaky",
    ])
    assert report.failure_summary(quoted) == (
        f"AssertionError: no reply to 0\nFalsifying example: test_echo(x=0)\n{report.REPLAYED}")
    chained = "\n".join([
        ">       raise FlakyStrategyDefinition(",
        "E       hypothesis.errors.FlakyStrategyDefinition: Inconsistent data generation! Data generation "
        "behaved differently between different runs. Is your data generation depending on external state?",
        "E       while generating 'Draw 1: ' from text()",
        "",
        "datatree.py:52: FlakyStrategyDefinition",
        "",
        "During handling of the above exception, another exception occurred:",
        ">               raise FlakyReplay(",
        "E               hypothesis.errors.FlakyReplay: Inconsistent results from replaying a test case!",
        "E                 last: INTERESTING from AssertionError at specs/test_echo.py:10",
        "E                 this: INTERESTING from FlakyStrategyDefinition at datatree.py:52",
        "",
        "datatree.py:1124: FlakyReplay",
    ])
    summary = report.failure_summary(chained)
    assert summary == f"the first run failed with AssertionError at specs/test_echo.py:10\n{report.REPLAYED}"
    bare = ("E   hypothesis.errors.Flaky: Inconsistent data generation! "
            "Is your data generation depending on external state?")
    assert report.failure_summary(bare) == f"{report.REPLAYED}\n{bare[4:]}", "the sentence first, then what is known"


class FailedCall:
    """What ClaimBook reads of a pytest report: a failed call of one claim's spec."""

    def __init__(self, nodeid, claim_id, text):
        self.nodeid, self.when, self.longrepr, self.longreprtext = nodeid, "call", text, text
        self.passed, self.failed, self.skipped = False, True, False
        self.user_properties = [("claims", [claim_id])]


def test_the_table_shows_a_real_reason_for_a_claim_with_distinct_failures(longreprs):
    claim = next(c for c in load_catalogue() if c.executable)
    book = report.ClaimBook({claim.id: claim})
    book.add(FailedCall("specs/test_x.py::test_a", claim.id, longreprs["test_two_distinct_failures"]))
    shown = []
    book.render_table(shown.append, "student")
    assert shown[-1] == f"FAIL: {claim.id} — failure 1 of 2: ValueError: negative numbers are refused: -11"
    book = report.ClaimBook({claim.id: claim})
    book.add(FailedCall("specs/test_x.py::test_a", claim.id, longreprs["test_fails_on_first_call_only"]))
    (row,) = book.verdicts()
    assert row["message"].splitlines()[1] == "AssertionError: the first call lost the reply to 0"
    assert row["message"].endswith(report.REPLAYED)


def test_summary_of_text_without_exception_lines_falls_back_to_its_last_line():
    assert report.failure_summary("specs/test_a.py::test_b: the spec could not complete: killed by SIGSEGV.") == (
        "specs/test_a.py::test_b: the spec could not complete: killed by SIGSEGV.")
    assert report.failure_summary("") == report.failure_summary("+-----------\n    +------\n") == "failed"


def test_report_module_is_python_38_code():
    """The class matrix starts at Python 3.8: no 3.9+ syntax, no str.removeprefix/removesuffix."""
    source = Path(report.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source, feature_version=(3, 8))
    later = {"removeprefix", "removesuffix", "is_relative_to", "with_stem", "readlink"}
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)} & later
    assert not used and not any(isinstance(node, getattr(ast, "Match", ())) for node in ast.walk(tree))


def test_the_summarys_own_words_come_in_the_runs_language():
    from specs.harness import messages

    messages.set_reason_lang("zh")
    try:
        assert report._replayed() == report.REPLAYED_ZH
        assert report._cut_line("x" * 5000).count("删去了") == 1
        assert "又重复" in report._fold_items("[0.001, 0.001, 0.001, 0.001, 0.001, 0.5]")
    finally:
        messages.set_reason_lang("en")
    assert report._replayed() == report.REPLAYED, "English again, as the other tests of the summary expect"
