"""Reports: the claims JSON, the HTML page rendered from one or more of them, and JUnit XML."""
import html.parser
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from specs.harness import htmlreport
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
    assert [c["text"] for c in header[-3:]] == ["alice", "bob", "carol"]
    assert "SyntaxError" in header[-1]["title"]
    by_id = {r["cells"][0]["text"]: r for r in rows if r["cells"] and r["cells"][0].get("class") == "id"}
    assert set(by_id) == {c.id for c in load_catalogue()}, "every catalogue claim is a row"
    fail = by_id[second.id]["cells"][3]
    assert "fail" in fail["class"] and fail["title"] == "expected <b>4</b> & got 5", "the message shows on hover, escaped"
    assert "pass" in by_id[first.id]["cells"][3]["class"]
    assert "not-implemented" in by_id[first.id]["cells"][4]["class"]
    assert "broken" in by_id[first.id]["cells"][5]["class"]
    # section rows come in the tutorial's order, each before its claims
    sections = [r["cells"][0]["text"] for r in rows if r["class"] == "section"]
    expected = []
    for c in load_catalogue():
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
    header = [c["text"] for c in rows[0]["cells"]]
    assert header[-2:] == ["impl", BAD_IMPL]
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
