"""The results page and the students' pages in Chinese (--lang zh), from hand-made claims reports
(no spec runs): every fixed word, outcome and verdict in Chinese, the claims' Chinese statements
and notes, <html lang="zh">; English stays the default and unchanged; `html --lang` and `grade
--lang` (which hands the language on to each student's judging run)."""
import json
import re
import subprocess
import sys

import pytest

from specs.catalogue import zh
from specs.harness import grading, htmlreport, messages
from tests.helpers import ROOT, clean_env
from tests.test_results_page import FIRST, LATER, RUNTIME, SECOND, class_reports, grade_rows, parse, report, row

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# English fixed texts of the page that must not show in Chinese (in a text or a hover)
ENGLISH = ["Tutorial claims", "students", "class median", "Cells:", "failures only", "not judged", "not impl.",
           "role claims", "The Python runtime", "hint:", "reproduce:", "Not implemented", "roles:", "No claim",
           "does not hold for this implementation", "sort the claims", "not run in this report"]
WORDS = ["claim", "statement", "tutorial", "pass", "fail", "error", "skipped", "n/a", "holds", "refined", "refuted"]


def visible(text):
    """(every text a reader sees or hovers, joined; the set of texts): element texts and title
    attributes, not the CSS, the script, class names or attribute values."""
    page = parse(re.sub(r"<(style|script)>.*?</\1>", "", text, flags=re.S))
    texts = [t.strip() for t in page.texts] + [(a.get("title") or "").strip() for _, a in page.tags]
    return "\n".join(texts), set(texts)


def english_left(text):
    joined, texts = visible(text)
    return [w for w in ENGLISH if w in joined] + [w for w in WORDS if w in texts]


def test_the_zh_page_has_chinese_words_statements_and_lang():
    text = htmlreport.render(class_reports(), lang="zh")
    assert '<html lang="zh">' in text and '<html lang="en">' not in text
    assert "<title>教程论断：结果</title>" in text
    page = parse(text)
    head, totals, *body = grade_rows(page)
    assert [c["text"] for c in head["cells"][:3]] == ["论断" + "↺", "内容", "教程"]
    assert "全班中位数：50%" in totals["cells"][0]["text"]
    assert totals["cells"][2]["text"] == "2 / 4 (50%)1 项失败1 项未实现"
    assert totals["cells"][3]["text"] == "未判定"
    summary = next(t for t in page.texts if t.startswith("3 "))
    assert summary == "3 名学生；全班中位数 50%（判定了 4 条角色论断）；1 份未判定（计 0 分）。"
    claims = {r["cells"][0]["text"]: r for r in body if "claim" in r.get("class", "").split()}
    for claim in (FIRST, SECOND, LATER):
        assert claims[claim.id]["cells"][1]["text"] == zh.statement(claim.id), "the catalogue's Chinese statement"
        assert claims[claim.id]["cells"][2]["text"] == messages.verdict(claim.verdict, "zh")
    assert [c["text"] for c in claims[FIRST.id]["cells"][3:]] == ["通过", "失败", "—"]
    assert claims[LATER.id]["cells"][4]["text"] == messages.outcome("not-implemented", "zh")
    assert claims[LATER.id]["cells"][4]["title"] == "bob 没有提供角色 'MyRole'"
    hover = claims[FIRST.id]["cells"][4]["title"]
    assert hover.startswith("MyQueue：通过；MyLifoQueue：失败\n论断 %s 对这个实现不成立：%s\n" % (FIRST.id, zh.statement(FIRST.id)))
    assert "AssertionError: expected [1, 2], got [2, 1]" in hover, "the reason itself is the spec's, as written"
    assert "只看未通过的" in text and "单元格：" in text
    runtime = [r for r in page.rows if r["table"] == "runtime" and "claim" in r.get("class", "")]
    assert runtime[0]["cells"][1]["text"] == zh.statement(RUNTIME.id)
    assert runtime[0]["cells"][2]["text"] == messages.verdict(RUNTIME.verdict, "zh")
    tag = next(a for tag, a in page.tags if tag == "span" and a.get("class") == "tag" and a.get("title"))
    assert CJK.search(tag["title"]), "a verdict's note in Chinese"
    assert "Python 运行时的事实（1 条论断）" in text
    assert english_left(text) == []


def test_the_zh_student_page(tmp_path):
    bob = class_reports()[1]
    text = htmlreport.render_student(bob, back="../results.html", lang="zh")
    assert '<html lang="zh">' in text
    assert "得分：<strong>2 / 4</strong> 条角色论断（50%）；1 项失败；1 项未实现。" in text
    assert f'<span class="cell fail">失败</span> <code>{FIRST.id}</code>' in text
    assert zh.statement(FIRST.id) in text
    assert "角色：MyQueue：" in text and '<p class="hint">提示：read the section again</p>' in text
    assert '<p class="repro">复现脚本：<code>repro/bob_first.py</code></p>' in text
    assert "<h2>未实现（1）</h2>" in text and "← 教程论断：结果" in text
    assert english_left(text) == []
    carol = htmlreport.render_student(class_reports()[2], lang="zh")
    assert "这份提交未被判定：" in carol and "SyntaxError" in carol
    alice = htmlreport.render_student(class_reports()[0], lang="zh")
    assert "没有失败的论断。" in alice


def test_a_report_without_the_catalogue_falls_back_to_its_statement_zh_then_english():
    unknown = dict(row(FIRST, "fail", "boom"), id="made.up.claim", statement="An English statement.",
                   statement_zh="一条中文论断。")
    bare = dict(row(SECOND, "pass"), id="made.up.other", statement="Only English here.")
    text = htmlreport.render([report("dan", [unknown, bare])], lang="zh")
    rows = {r["cells"][0]["text"]: r for r in grade_rows(parse(text)) if "claim" in r.get("class", "").split()}
    assert rows["made.up.claim"]["cells"][1]["text"] == "一条中文论断。"
    assert rows["made.up.other"]["cells"][1]["text"] == "Only English here.", "no Chinese anywhere: the English"


def test_english_stays_the_default_and_unchanged():
    reports = class_reports()
    assert htmlreport.render(reports) == htmlreport.render(reports, lang="en")
    text = htmlreport.render(reports)
    assert '<html lang="en">' in text and not CJK.search(visible(text)[0].replace(FIRST.chapter, "").replace(FIRST.section, "")
                                                         .replace(LATER.chapter, "").replace(LATER.section, "")
                                                         .replace(RUNTIME.chapter, "").replace(RUNTIME.section, ""))
    assert "failures only" in text and FIRST.statement.replace("'", "&#x27;") in text
    for r in reports:
        assert htmlreport.render_student(r) == htmlreport.render_student(r, lang="en")


def test_a_reason_cut_and_the_run_folder_in_chinese():
    long = row(FIRST, "fail", "x" * (htmlreport.REASON_LIMIT + 5) + " /tmp/netspecs-run-ab12/run/y")
    text = htmlreport.render_student(report("eve", [long]), lang="zh")
    assert "已截断：还有 " in text
    short = row(FIRST, "fail", "in /tmp/netspecs-run-ab12/run/package/eve/x.py")
    assert "in [运行目录]" not in htmlreport.render_student(report("eve", [short]), lang="zh")  # the package itself: eve
    other = row(FIRST, "fail", "in /tmp/netspecs-run-ab12/run/other.py")
    assert "in [运行目录]/other.py" in htmlreport.render_student(report("eve", [other]), lang="zh")
    assert "in [run folder]/other.py" in htmlreport.render_student(report("eve", [other]))


def test_a_not_executable_claims_hover_is_its_chinese_note():
    claim = next(c for c in htmlreport._catalogue_rows() if c["verdict"] == "not-executable")
    fact = dict(row(RUNTIME, "not-executable", claim["note"], subject="runtime"), id=claim["id"], note=claim["note"])
    page = parse(htmlreport.render([report("fay", [row(FIRST, "pass"), fact])], lang="zh"))
    (only,) = [r for r in page.rows if r["table"] == "runtime" and "claim" in r.get("class", "")]
    assert only["cells"][3]["text"] == "无法执行" and only["cells"][3]["title"] == zh.note(claim["id"])


def test_a_bad_lang_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        htmlreport.render(class_reports(), lang="fr")


def _reports(tmp_path):
    paths = []
    for r in class_reports():
        path = tmp_path / f"{r['implementation']}.json"
        path.write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "specs", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=env or clean_env())


def test_the_html_command_takes_lang_and_follows_the_locale(tmp_path):
    paths = _reports(tmp_path)
    done = _cli("html", *paths, "-o", str(tmp_path / "zh.html"), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in text and "教程论断：结果" in text
    bob = (tmp_path / "zh-students" / "bob.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in bob and "提示：" in bob
    done = _cli("html", *paths, "-o", str(tmp_path / "en.html"), "--lang", "en", env={**clean_env(), "LANG": "zh_CN.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "en.html").read_text(encoding="utf-8") == htmlreport.render(
        htmlreport.load(paths), links=[f"en-students/{n}.html" for n in ("alice", "bob", "carol")])
    done = _cli("html", *paths, "-o", str(tmp_path / "locale.html"), env={**clean_env(), "LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert done.returncode == 0, done.stderr
    assert '<html lang="zh">' in (tmp_path / "locale.html").read_text(encoding="utf-8"), "a Chinese locale: Chinese"


@pytest.mark.parametrize("command", ["html", "grade"])
def test_a_bad_lang_is_one_line(tmp_path, command):
    args = ["html", *_reports(tmp_path), "-o", str(tmp_path / "x.html")] if command == "html" else \
        ["grade", str(tmp_path), "-o", str(tmp_path / "out")]
    done = _cli(*args, "--lang", "fr")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["error: --lang: unknown language 'fr': choose one of en, zh"]
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "out").exists()


def test_run_one_passes_the_language_to_the_judging_run(tmp_path, monkeypatch):
    """The command grading builds for a submission carries --lang (run here as a no-op)."""
    commands = []
    real = subprocess.Popen

    def popen(cmd, **kwargs):
        commands.append(cmd)
        return real([sys.executable, "-c", "pass"], **kwargs)

    monkeypatch.setattr(grading.subprocess, "Popen", popen)
    sub = tmp_path / "subs" / "alice"
    sub.mkdir(parents=True)
    (sub / "__init__.py").write_text("", encoding="utf-8")
    grading.run_one("alice", sub, tmp_path / "out", lang="zh", pytest_args=["--claim", "queue."])
    grading.run_one("alice", sub, tmp_path / "out")
    zh_cmd, plain = commands
    assert zh_cmd[zh_cmd.index("--lang") + 1] == "zh"
    assert zh_cmd.index("--lang") < zh_cmd.index("--claim"), "the user's own pytest arguments come last (and win)"
    assert "--lang" not in plain


def test_grade_hands_its_language_to_every_run_and_writes_its_pages_in_it(tmp_path, monkeypatch):
    """grade(lang=...) (and without it, the locale) reaches every run_one and the pages."""
    from specs.harness import sandbox

    calls = []

    def run_one(name, path, out, **kwargs):
        calls.append((name, kwargs.get("lang")))
        path_ = tmp_path / f"{name}-{len(calls)}.json"
        data = dict(class_reports()[1], implementation=name) if name != "runtime_facts" else {"claims": []}
        path_.write_text(json.dumps(data), encoding="utf-8")
        return {"name": name, "status": "ok", "exit": 0, "seconds": 0.0, "report": path_, "started": 0, "ended": 0}

    monkeypatch.setattr(grading, "run_one", run_one)
    monkeypatch.setattr(sandbox, "containment", lambda: sandbox.BUBBLEWRAP)
    subs = tmp_path / "subs"
    for name in ("alice", "bob"):
        (subs / name).mkdir(parents=True)
        (subs / name / "__init__.py").write_text("", encoding="utf-8")
    grading.grade(subs, tmp_path / "zh", jobs=1, lang="zh", progress=lambda _: None)
    assert sorted(calls) == [("alice", "zh"), ("bob", "zh"), ("runtime_facts", "zh")]
    page = (tmp_path / "zh" / "results.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in page and "<title>成绩：subs</title>" in page
    assert '<html lang="zh">' in (tmp_path / "zh" / "students" / "alice.html").read_text(encoding="utf-8")
    calls.clear()
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    grading.grade(subs, tmp_path / "locale", jobs=1, progress=lambda _: None)
    assert {lang for _, lang in calls} == {"zh"}, "without lang: the locale's"
    calls.clear()
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    grading.grade(subs, tmp_path / "en", jobs=1, progress=lambda _: None)
    assert {lang for _, lang in calls} == {"en"}
    assert "<title>Grades: subs</title>" in (tmp_path / "en" / "results.html").read_text(encoding="utf-8")
