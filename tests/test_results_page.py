"""The results page an instructor scans and the students' own pages, from hand-made claims reports
(no spec runs): totals first, a column per student, the filter and sorting, the runtime's claims
apart, the harness's copies never named, every text escaped."""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from urllib.parse import unquote, urlsplit

import pytest

from specs.harness import grading, htmlreport
from specs.harness.claims import load_catalogue
from tests.helpers import ROOT

EXECUTABLE = [c for c in load_catalogue() if c.executable]
# claims judged on the students' roles in these hand-made reports: two in one section, one in a
# later section, and a claim about the runtime
_SECTIONS = [[c for c in EXECUTABLE if (c.chapter, c.section) == (d.chapter, d.section)] for d in EXECUTABLE]
FIRST, SECOND = next(claims for claims in _SECTIONS if len(claims) >= 2)[:2]
LATER = next(c for c in EXECUTABLE[EXECUTABLE.index(SECOND):] if c.section != FIRST.section and c.chapter != FIRST.chapter)
RUNTIME = next(c for c in EXECUTABLE if c.id not in {FIRST.id, SECOND.id, LATER.id} and c.verdict == "refuted")


def row(claim, outcome, message="", subjects=None, subject="roles", **extra):
    subjects = subjects if subjects is not None else ({"MyRole": outcome} if subject == "roles" else {"runtime": outcome})
    return {"id": claim.id, "chapter": claim.chapter, "section": claim.section, "statement": claim.statement,
            "verdict": claim.verdict, "kind": claim.kind, "outcome": outcome, "message": message, "subject": subject,
            "subjects": subjects, "runtime_outcome": subjects.get("runtime"), "specs": {}, **extra}


def report(name, claims):
    return {"implementation": name, "containment": "bubblewrap", "python": "3.12.0", "python_implementation": "CPython",
            "claims": claims}


def class_reports():
    """alice passes all; bob fails one claim on one of two roles and lacks a role; carol did not load."""
    alice = report("alice", [
        row(FIRST, "pass", subjects={"MyQueue": "pass", "MyLifoQueue": "pass"}),
        row(SECOND, "pass"),
        row(LATER, "pass"),
        row(RUNTIME, "fail", "Claim does not hold on this Python", subject="runtime"),
    ])
    bob = report("bob", [
        row(FIRST, "fail", f"Claim {FIRST.id} does not hold for this implementation: {FIRST.statement}\n"
                           "AssertionError: expected [1, 2], got [2, 1]",
            subjects={"MyQueue": "pass", "MyLifoQueue": "fail"}, hint="read the section again", repro="repro/bob_first.py"),
        row(SECOND, "pass"),
        row(LATER, "not-implemented", "bob provides no role 'MyRole'"),
        row(RUNTIME, "pass", subject="runtime"),
    ])
    carol = {"implementation": "carol", "error": "importing it failed: SyntaxError: invalid syntax", "claims": []}
    return [alice, bob, carol]


class Page(html.parser.HTMLParser):
    """Rows of cells (with their attributes and text), links, elements by tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.links, self.tags, self.texts = [], [], [], []
        self._cell, self._table = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self._table.append(attrs.get("id") or attrs.get("class") or "")
        if tag == "tr":
            self.rows.append({"table": self._table[-1] if self._table else "", **attrs, "cells": []})
        elif tag in ("td", "th") and self.rows:
            self._cell = {"tag": tag, **attrs, "text": ""}
            self.rows[-1]["cells"].append(self._cell)
        elif tag == "a":
            self.links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        if tag == "table" and self._table:
            self._table.pop()

    def handle_data(self, data):
        self.texts.append(data)
        if self._cell is not None:
            self._cell["text"] += data


def parse(text):
    page = Page()
    page.feed(text)
    return page


def written(tmp_path, reports, **kwargs):
    """write() the reports' JSON files into a page: (page path, parsed page)."""
    paths = []
    for i, r in enumerate(reports):
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    output = htmlreport.write(paths, tmp_path / "results.html", **kwargs)
    return output, parse(output.read_text(encoding="utf-8"))


def grade_rows(page):
    return [r for r in page.rows if r["table"] == "grades"]


def test_totals_come_first_then_a_column_per_student_with_their_score():
    page = parse(htmlreport.render(class_reports()))
    head, totals, *body = grade_rows(page)
    students = [c for c in head["cells"] if "student" in c.get("class", "")]
    assert [c["data-name"] for c in students] == ["alice", "bob", "carol"]
    assert [c["text"].replace("⇅", "") for c in students] == ["alice4 / 4", "bob2 / 4", "carolnot judged"]
    assert totals["class"] == "totals", "the totals row comes right after the header, before any claim"
    scores = [c["text"] for c in totals["cells"][1:]]
    # alice: 4 points of 4 (two roles of FIRST, SECOND, LATER; the runtime's claim is no one's)
    assert scores[0] == "4 / 4 (100%)0 failed0 not impl."
    assert scores[1] == "2 / 4 (50%)1 failed1 not impl."
    assert scores[2] == "not judged" and "SyntaxError" in totals["cells"][3]["title"]
    assert "class median: 50%" in totals["cells"][0]["text"]
    summary = next(t for t in page.texts if t.startswith("3 students"))
    assert "class median 50%" in summary and "1 not judged" in summary


def test_the_score_is_the_gradebooks():
    reports = class_reports()
    book = grading.gradebook_rows(reports)
    for r, line in zip(reports, book):
        s = htmlreport.score(r)
        assert {k: line[k] for k in grading.GRADEBOOK_TOTALS} == s


def test_a_point_the_judge_could_not_decide_makes_the_grade_not_final():
    # dan's second claim ran out of time (an error): the point is not earned, and the row says the
    # grade is not final, so that the instructor grades him again rather than publish it
    dan = report("dan", [row(FIRST, "pass"), row(SECOND, "error", "the spec ran out of time (60 s) while its examples were passing")])
    line = grading.gradebook_rows([dan])[0]
    assert (line["passed"], line["judged"], line["failed"], line["undecided"]) == (1, 2, 1, 1)
    assert line["status"].startswith("not final: 1 point(s) undecided")
    bob = grading.gradebook_rows(class_reports())[1]
    assert bob["undecided"] == 0 and bob["status"] == "ok"  # a fail is final


def test_claims_are_rows_by_section_with_labelled_cells():
    page = parse(htmlreport.render(class_reports()))
    body = grade_rows(page)[2:]
    sections = [r["cells"][0]["text"] for r in body if "section" in r["class"]]
    label = grading.section_label
    assert sections == [label(FIRST.chapter, FIRST.section), label(LATER.chapter, LATER.section)]
    assert all(r["cells"][0].get("lang") == "zh" for r in body if "section" in r["class"]), "Chinese headings say so"
    claims = {r["cells"][0]["text"]: r for r in body if "claim" in r["class"].split()}
    assert list(claims) == [FIRST.id, SECOND.id, LATER.id], "only claims judged on roles, in tutorial order"
    first = claims[FIRST.id]["cells"]
    assert first[1]["text"] == FIRST.statement
    assert (first[3]["text"], first[3]["data-outcome"]) == ("pass", "pass")
    assert (first[4]["text"], first[4]["data-outcome"]) == ("fail", "fail") and "fail" in first[4]["class"].split()
    assert first[4]["title"].startswith("MyQueue: pass; MyLifoQueue: fail\nClaim "), "hover: each role, then why"
    assert claims[LATER.id]["cells"][4]["text"] == "not impl.", "not colour alone: every cell says its outcome"
    assert first[5]["text"] == "—" and "broken" in first[5]["class"]
    orders = [int(r["data-order"]) for r in body]
    assert orders == sorted(orders) and len(set(orders)) == len(orders), "the order sorting restores"


def test_the_failures_only_filter_and_sorting_need_no_network():
    text = htmlreport.render(class_reports())
    page = parse(text)
    (box,) = [a for tag, a in page.tags if tag == "input"]
    assert box["type"] == "checkbox" and box["id"] == "failures-only"
    controls = next(a for tag, a in page.tags if a.get("id") == "controls")
    assert "hidden" in controls, "without JavaScript the controls that would not work are hidden"
    body = grade_rows(page)[2:]
    failing = {r["cells"][0]["text"] for r in body if "claim" in r["class"].split() and "failing" in r["class"].split()}
    assert failing == {FIRST.id, LATER.id}, "SECOND, which every student passed, is the one the filter hides"
    assert all("failing" in r["class"] for r in body if "section" in r["class"]), "both sections keep a failure"
    assert "#grades.failures-only tr.claim:not(.failing)" in text
    head = grade_rows(page)[0]["cells"]
    assert head[0]["data-sort"] == "claim" and [c["data-sort"] for c in head[3:]] == ["0", "1", "2"]
    assert not [a for tag, a in page.tags if tag in ("link", "img", "iframe") or tag == "script" and a.get("src")]
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text) and "@import" not in text and "url(" not in text


@pytest.mark.skipif(shutil.which("node") is None, reason="no node to parse the page's script")
def test_the_script_is_valid_javascript(tmp_path):
    text = htmlreport.render(class_reports())
    (script,) = re.findall(r"<script>(.*?)</script>", text, re.S)
    path = tmp_path / "page.js"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


VOID = {"meta", "input", "br", "img", "link", "hr", "wbr"}


class Tree(html.parser.HTMLParser):
    """The page as a JSON-able tree of {tag, attrs, children} (for tests/minidom.js)."""

    def __init__(self):
        super().__init__()
        self.root = {"tag": "#document", "attrs": {}, "children": []}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "children": []}
        self.stack[-1]["children"].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1 and self.stack.pop()["tag"] != tag:
            pass


@pytest.mark.skipif(shutil.which("node") is None, reason="no node to run the page's script")
def test_the_script_sorts_by_a_student_restores_the_order_and_filters(tmp_path):
    """The page's own script, run by node on a tiny DOM of the page (tests/minidom.js)."""
    text = htmlreport.render(class_reports())
    tree = Tree()
    tree.feed(text)
    (script,) = re.findall(r"<script>(.*?)</script>", text, re.S)
    files = {}
    actions = [["click-header", "1"], ["check", True], ["check", False], ["click-link", "0"], ["click-header", "claim"]]
    for name, content in (("tree", json.dumps(tree.root)), ("script", script), ("actions", json.dumps(actions))):
        files[name] = tmp_path / name
        files[name].write_text(content, encoding="utf-8")
    done = subprocess.run(["node", str(ROOT / "tests" / "minidom.js"), *map(str, files.values())],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    start, by_bob, filtered, unfiltered, link, restored = json.loads(done.stdout)
    assert not start["controls_hidden"] and not any(start["buttons_hidden"]), "the script shows its controls"
    tutorial = start["order"]
    assert tutorial == [str(n) for n in sorted(map(int, tutorial))] and start["sorted_by"] == ["claim"]
    page = parse(text)
    order_of = {r["cells"][0]["text"]: r["data-order"] for r in grade_rows(page)[2:] if "claim" in r["class"].split()}
    # bob: FIRST fails, LATER is not implemented, SECOND passes (the section rows, left in place, hide by CSS)
    claims = [o for o in by_bob["order"] if o in order_of.values()]
    assert claims == [order_of[FIRST.id], order_of[LATER.id], order_of[SECOND.id]]
    assert "sorted" in by_bob["classes"] and by_bob["sorted_by"] == ["1"]
    assert "failures-only" in filtered["classes"] and "failures-only" not in unfiltered["classes"]
    assert link["order"] == unfiltered["order"] and link["sorted_by"] == ["1"], "the name is a link, not a sort"
    assert restored["order"] == tutorial and "sorted" not in restored["classes"] and restored["sorted_by"] == ["claim"]


def test_the_runtimes_claims_are_apart_and_verdicts_are_neutral():
    text = htmlreport.render(class_reports())
    page = parse(text)
    assert RUNTIME.id not in {r["cells"][0]["text"] for r in grade_rows(page)}
    details = text[text.index('<details id="runtime">'):text.index("</details>")]
    assert "<details id=\"runtime\" open" not in text, "collapsed"
    runtime = [r for r in page.rows if r["table"] == "runtime" and "claim" in r.get("class", "")]
    (only,) = runtime
    assert only["cells"][0]["text"] == RUNTIME.id and RUNTIME.id in details
    assert only["cells"][2]["text"] == "refuted"
    assert [c["text"] for c in only["cells"][3:]] == ["fail", "pass", "—"]
    assert "table.runtime td.cell { background: #fff" in text, "the runtime's outcomes are no one's red"
    tags = [a for tag, a in page.tags if tag == "span" and "tag" in a.get("class", "").split()]
    assert tags and all(a["class"] == "tag" for a in tags), "a verdict is a neutral tag, never an outcome's colour"
    assert not re.search(r"\.tag[^{]*\{[^}]*#f5b5b5", htmlreport.CSS)


def test_the_page_shows_chinese():
    text = htmlreport.render(class_reports())
    assert '<meta charset="utf-8">' in text
    for font in ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "sans-serif"):
        assert font in htmlreport.CSS
    assert f'lang="zh">{FIRST.chapter}' in text


def test_every_student_has_a_page_of_their_own(tmp_path):
    output, page = written(tmp_path, class_reports(), title="Grades: 网络编程")
    head = grade_rows(page)[0]["cells"]
    names = [a for a in page.links if a and "#" not in a]
    assert len(names) == 3
    for href, name in zip(names, ["alice", "bob", "carol"]):
        assert href == f"results-students/{name}.html", "html: beside the page, in <stem>-students/"
        target = output.parent / unquote(href)
        assert target.is_file()
        student = parse(target.read_text(encoding="utf-8"))
        assert "../results.html" in student.links, "back to the results"
        assert name in "".join(student.texts)
    assert [c["data-name"] for c in head[3:]] == ["alice", "bob", "carol"]
    # a fail cell links to the claim on the student's page
    assert f"results-students/bob.html#{FIRST.id}" in page.links
    # grade writes students/ beside results.html
    (tmp_path / "grade").mkdir()
    output, page = written(tmp_path / "grade", class_reports(), students=tmp_path / "grade" / "students")
    assert [a for a in page.links if a and "#" not in a] == [f"students/{n}.html" for n in ("alice", "bob", "carol")]
    assert all((tmp_path / "grade" / "students" / f"{n}.html").is_file() for n in ("alice", "bob", "carol"))


def test_a_student_page_gives_each_failing_claim_its_whole_reason(tmp_path):
    reports = class_reports()
    long = "x" * (htmlreport.REASON_LIMIT + 500)
    reports[0]["claims"][1] = row(SECOND, "error", long)
    written(tmp_path, reports)
    bob = (tmp_path / "results-students" / "bob.html").read_text(encoding="utf-8")
    section = bob[bob.index(f'<section class="claim" id="{FIRST.id}">'):]
    section = section[:section.index("</section>")]
    assert f"<code>{FIRST.id}</code>" in section and FIRST.statement.replace("'", "&#x27;").replace('"', "&quot;") in section
    assert "AssertionError: expected [1, 2], got [2, 1]</pre>" in section and '<pre class="reason">' in section
    assert "MyLifoQueue: <span" in section
    assert '<p class="hint">hint: read the section again</p>' in section
    assert '<p class="repro">reproduce: <code>repro/bob_first.py</code></p>' in section
    assert "white-space: pre-wrap" in htmlreport.CSS, "a long line wraps"
    assert LATER.id in bob[bob.index("Not implemented"):], "points not earned, apart from the failures"
    alice = (tmp_path / "results-students" / "alice.html").read_text(encoding="utf-8")
    assert 'class="hint"' not in alice and 'class="repro"' not in alice, "no slot shown when empty"
    assert "x" * htmlreport.REASON_LIMIT + "</pre>" in alice and "x" * (htmlreport.REASON_LIMIT + 1) not in alice
    assert "cut: 500 more characters" in alice
    assert RUNTIME.id not in alice, "the runtime's failure is not the student's"
    carol = (tmp_path / "results-students" / "carol.html").read_text(encoding="utf-8")
    assert "not judged" in carol and "SyntaxError: invalid syntax</pre>" in carol


def test_the_harness_copies_are_named_by_the_students_folder(tmp_path):
    """A folder that is no module name is judged from a renamed copy (grading.importable_copy),
    run from a private run folder (sandbox.Package): the messages name neither."""
    subs, work = tmp_path / "subs", tmp_path / "netspecs-grade-ab12_cd"
    (subs / "carl-buggy").mkdir(parents=True)
    (subs / "carl-buggy" / "__init__.py").write_text("")
    copy = grading.importable_copy("carl-buggy", subs / "carl-buggy", work)
    assert copy.name == "student_carl_buggy"
    messages = [
        f"--impl {copy}: importing it failed",
        'File "/tmp/netspecs-run-k3j_x9qz/run/package/student_carl_buggy/queues.py", line 3, in put',
        'File "/tmp/netspecs/package/student_carl_buggy/__init__.py", line 1',
        "AttributeError: module 'student_carl_buggy.queues' has no attribute 'MyQueue'",
        f"{copy}/queues.py:12: in get",
        "/tmp/netspecs-run-k3j_x9qz/run/stub/child.py: the stub",
        f"while judging {work}",
    ]
    claims = [row(FIRST, "fail", "\n".join(messages)), row(SECOND, "error", messages[3])]
    broken = {"implementation": "dora-x", "error": "--impl /tmp/netspecs-grade-zz/student_dora_x/student_dora_x: SyntaxError",
              "claims": []}
    output, page = written(tmp_path, [report("carl-buggy", claims), broken])
    texts = [output.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in (tmp_path / "results-students").iterdir()]
    for text in texts:
        for leak in ("student_carl_buggy", "student_dora_x", "netspecs-run-", "netspecs-grade-", "/tmp/netspecs/", str(tmp_path)):
            assert leak not in text, leak
    carl = (tmp_path / "results-students" / "carl-buggy.html").read_text(encoding="utf-8")
    assert "--impl carl-buggy: importing it failed" in carl
    assert "&quot;carl-buggy/queues.py&quot;, line 3" in carl and "&quot;carl-buggy/__init__.py&quot;, line 1" in carl
    assert "module &#x27;carl-buggy.queues&#x27; has no attribute" in carl and "carl-buggy/queues.py:12: in get" in carl
    assert "[run folder]/stub/child.py" in carl and "while judging [work folder]" in carl
    assert "--impl dora-x: SyntaxError" in (tmp_path / "results-students" / "dora-x.html").read_text(encoding="utf-8")
    # a name that merely starts like the copy's is not touched, nor a folder that is a module name
    assert htmlreport.clean_text("student_carl_buggy_2 and student_carl_buggyx", "carl-buggy") == (
        "student_carl_buggy_2 and student_carl_buggyx")
    assert htmlreport.clean_text("/tmp/netspecs-run-ab/run/package/alice/q.py", "alice") == "alice/q.py"


HOSTILE = '<script>alert("x")</script>'


def test_untrusted_names_and_messages_render_as_text(tmp_path):
    message = '<img src=x onerror="alert(1)"> & </pre><b>bold</b>'
    reports = [report(HOSTILE, [row(FIRST, "fail", message, hint="<i>hint</i>", repro="<u>r</u>.py"),
                                row(SECOND, "pass")]),
               report('a"b', [row(FIRST, "pass"), row(SECOND, "pass")]),
               {"implementation": "../../etc/evil", "error": "<svg onload=alert(1)>", "claims": []}]
    output, page = written(tmp_path, reports)
    text = output.read_text(encoding="utf-8")
    assert [tag for tag, _ in page.tags if tag in ("img", "b", "i", "u", "svg")] == []
    assert text.count("<script>") == 1, "only the page's own script"
    assert [c["data-name"] for c in grade_rows(page)[0]["cells"][3:]] == [HOSTILE, 'a"b', "../../etc/evil"]
    assert any(HOSTILE in t for t in page.texts), "the name shows as text"
    fail = next(c for r in grade_rows(page) for c in r["cells"] if c.get("data-outcome") == "fail")
    assert message in fail["title"]
    pages = sorted((tmp_path / "results-students").iterdir())
    assert len(pages) == 3 and all(p.parent == tmp_path / "results-students" for p in pages)
    for href in [a for a in page.links if a and "#" not in a]:
        assert (output.parent / unquote(urlsplit(href).path)).is_file(), href
    for path in pages:
        student = parse(path.read_text(encoding="utf-8"))
        assert [tag for tag, _ in student.tags if tag in ("img", "b", "i", "u", "svg", "script")] == []
    mine = next(p for p in pages if p.name.startswith("_script_"))
    shown = "".join(parse(mine.read_text(encoding="utf-8")).texts)
    assert HOSTILE in shown and message in shown and "<i>hint</i>" in shown and "<u>r</u>.py" in shown


def test_page_names_are_safe_and_distinct():
    names = ["alice", "Alice", "李雷", "a b", "..", "a/b", "a/b", ""]
    files = htmlreport.page_names(names)
    assert files[:3] == ["alice.html", "Alice-" + files[1][6:], "李雷.html"]
    assert len({f.lower() for f in files}) == len(files), "distinct, even on a case-insensitive disk"
    assert all("/" not in f and not f.startswith(".") and f.endswith(".html") for f in files)


def test_the_html_command_writes_the_student_pages_beside_the_page(tmp_path):
    paths = []
    for r in class_reports():
        path = tmp_path / f"{r['implementation']}.json"
        path.write_text(json.dumps(r), encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "specs", "html", *paths, "-o", str(out / "class.html")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "class-students").iterdir()) == ["alice.html", "bob.html", "carol.html"]
    assert 'href="class-students/bob.html"' in (out / "class.html").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-headless-shell")), reason="no chromium here")
def test_the_page_renders_in_a_browser(tmp_path):
    output, _ = written(tmp_path, class_reports()[:2], title="Grades: 网络编程")
    shot = tmp_path / "shot.png"
    browser = shutil.which("chromium") or shutil.which("chromium-headless-shell")
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                           "--window-size=1280,900", output.as_uri()],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert shot.exists(), done.stderr[-2000:]
    assert shot.stat().st_size > 5000, "not a blank page"
