"""The Chinese edition of the report: every claim's Chinese text (specs/catalogue/zh/), the message
templates in both languages, CLAIMS.zh.md, and a run's table in Chinese with --lang zh or a
Chinese locale (English otherwise)."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from specs import __main__ as cli
from specs.catalogue import EMPTY_HEADINGS, zh
from specs.harness import messages
from specs.harness.claims import KINDS, VERDICTS, load_catalogue
from specs.harness.report import COLUMNS, OUTCOMES
from tests.helpers import BAD, ROOT, clean_env

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")  # a quoted error message or code stays as it is
ENGLISH_PHRASE = re.compile(r"(?:[A-Za-z]+[ ,;:]+){4}[A-Za-z]+")  # five English words in a row


def chinese_problem(text, english):
    """Why text is not a Chinese rendering of english (None if it is)."""
    if not text.strip():
        return "empty"
    if text.strip() == english.strip():
        return "the English copied"
    cjk = len(CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if cjk == 0 or cjk / (cjk + latin) < 0.15:
        return f"mostly not Chinese ({cjk} CJK characters, {latin} Latin letters)"
    phrase = ENGLISH_PHRASE.search(QUOTED.sub("", text))
    if phrase:
        return f"an English phrase: {phrase.group(0)!r}"
    return None


def test_every_claim_has_a_chinese_statement_and_its_note():
    entries = zh.entries()
    claims = load_catalogue()
    assert [c.id for c in claims if not entries.get(c.id, {}).get("statement", "").strip()] == [], "claims without a Chinese statement"
    assert [c.id for c in claims if c.note and not entries.get(c.id, {}).get("note", "").strip()] == [], "claims whose note has no Chinese"
    assert [c.id for c in claims if not c.note and entries.get(c.id, {}).get("note")] == [], "a Chinese note where the claim has none"


def test_no_chinese_entry_for_an_unknown_claim():
    ids = {c.id for c in load_catalogue()}
    entries = zh.entries()
    assert sorted(set(entries) - ids) == [], "Chinese of claims the catalogue does not have"
    assert [i for i, entry in entries.items() if set(entry) - {"statement", "note"}] == [], "keys other than statement and note"
    assert set(zh.EMPTY_HEADINGS) == set(EMPTY_HEADINGS)


def test_chinese_texts_are_chinese():
    entries = zh.entries()
    problems = {}
    for c in load_catalogue():
        for field, english in (("statement", c.statement), ("note", c.note)):
            text = entries.get(c.id, {}).get(field, "")
            if english and text:
                why = chinese_problem(text, english)
                if why:
                    problems[f"{c.id} {field}"] = why
    for heading, english in EMPTY_HEADINGS.items():
        why = chinese_problem(zh.EMPTY_HEADINGS.get(heading, ""), english)
        if why:
            problems[str(heading)] = why
    assert problems == {}


def test_every_template_and_word_has_both_languages_with_the_same_placeholders():
    for key, template in messages.TEMPLATES.items():
        assert set(template) == set(messages.LANGS), key
        assert all(template[lang].strip() for lang in messages.LANGS), key
        assert messages.placeholders(template["en"]) == messages.placeholders(template["zh"]), key
    tables = {"verdict": (messages.VERDICT_WORDS, VERDICTS), "kind": (messages.KIND_WORDS, KINDS),
              "outcome": (messages.OUTCOME_WORDS, OUTCOMES), "column": (messages.COLUMN_WORDS, COLUMNS)}
    for name, (words, values) in tables.items():
        assert set(words) == set(values), name
        for value, both in words.items():
            assert set(both) == set(messages.LANGS) and both["en"].strip(), (name, value)
            assert CJK.search(both["zh"]), (name, value, both["zh"])
    assert "英文" not in messages.text("table.legend", "zh"), "the reasons are Chinese too: the legend no longer says otherwise"


def test_the_locale_chooses_chinese_with_the_usual_precedence():
    assert messages.lang_from_env({}) == "en"
    assert messages.lang_from_env({"LANG": "C.UTF-8"}) == "en"
    assert messages.lang_from_env({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert messages.lang_from_env({"LANG": "zh_TW.UTF-8"}) == "zh"
    assert messages.lang_from_env({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}) == "zh"
    assert messages.lang_from_env({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"}) == "en"
    assert messages.lang_from_env({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}) == "en"
    assert messages.lang_from_env({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}) == "zh"
    assert messages.lang_from_env({"LANG": "zh_CN.UTF-8", "LC_ALL": ""}) == "zh", "an empty variable counts as unset"


def test_claims_zh_md_is_rendered_from_the_chinese_data():
    rows = cli.catalogue_rows()
    text = cli.render_claims(rows, "zh")
    assert (ROOT / "CLAIMS.zh.md").read_text(encoding="utf-8") == text, "CLAIMS.zh.md is stale: run python -m specs render"
    claim = next(c for c in load_catalogue() if c.note and c.verdict == "refuted")
    assert f"- **`{claim.id}`** — 不成立（" in text
    assert zh.statement(claim.id) in text and zh.note(claim.id) in text and claim.statement not in text
    spec = next(row["specs"][0] for row in rows if row["specs"])
    assert f"`{spec}`" in text, "spec node ids unchanged"
    assert "## 队列 › 概念" in text and zh.EMPTY_HEADINGS[("队列", "概念")] in text


def test_render_check_fails_on_a_stale_claims_zh_md(tmp_path, monkeypatch, capsys):
    for name in ("CLAIMS.md", "CLAIMS.zh.md", "CONTRACT.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    assert cli.main(["render", "--check"]) == 0
    stale = tmp_path / "CLAIMS.zh.md"
    stale.write_text(stale.read_text(encoding="utf-8").replace("队列按放入的顺序交出元素。", "队列按放入的顺序交出元素"), encoding="utf-8")
    assert cli.main(["render", "--check"]) == 1
    assert "stale: CLAIMS.zh.md" in capsys.readouterr().err


LOCALE = ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")


def run_queue_lifo(tmp_path, *args, **locale):
    """The known-bad LIFO queue judged on queue.fifo, with this locale: (stdout, claims report)."""
    env = {k: v for k, v in clean_env().items() if k not in LOCALE}
    env.update(locale)
    report = tmp_path / "claims.json"
    cmd = [sys.executable, "-m", "pytest", "specs", "-p", "no:cacheprovider", "-q", "-n", "0", "--impl", str(BAD / "queue_lifo"),
           "--claim", "queue.fifo", "--hypothesis-profile", "reject", "--basetemp", str(tmp_path / "bt"),
           "--claims-report", str(report), *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout, json.loads(report.read_text(encoding="utf-8"))


def claims_section(stdout):
    return stdout.split(" claims ", 1)[1]


FIFO_ZH = "队列按放入的顺序交出元素。"


@pytest.mark.parametrize("args, locale", [
    (["--lang", "zh"], {"LANG": "C.UTF-8"}),
    ([], {"LANG": "zh_CN.UTF-8"}),
], ids=["--lang zh", "LANG=zh_CN.UTF-8"])
def test_a_chinese_run_shows_the_table_and_the_fail_line_in_chinese(tmp_path, args, locale):
    stdout, report = run_queue_lifo(tmp_path, *args, **locale)
    shown = claims_section(stdout).splitlines()
    assert "实现：queue_lifo（按它提供的角色判定的论断）" in shown
    assert any(line.startswith("小节") and "通过" in line and "未实现" in line for line in shown)
    assert any(line.startswith("合计") for line in shown)
    assert messages.text("table.legend", "zh") in shown
    fail = shown.index(f"失败: queue.fifo — {FIFO_ZH}")
    assert shown[fail + 1].startswith("    AssertionError: MyQueue：按 ["), "the reason, indented below, in Chinese"
    assert shown[fail + 2].startswith("    提示：get() 先取出了最后放入的元素"), "and its hint"
    assert "FAIL:" not in stdout and "total" not in shown
    (row,) = [r for r in report["claims"] if r["id"] == "queue.fifo"]
    assert row["statement_zh"] == FIFO_ZH
    assert row["statement"] == next(c.statement for c in load_catalogue() if c.id == "queue.fifo"), "the English fields unchanged"
    assert row["message"].startswith(f"论断 queue.fifo 对这个实现不成立：{FIFO_ZH}\n"), "the reason's heading in the run's language"


@pytest.mark.parametrize("args, locale", [
    ([], {"LANG": "C.UTF-8"}),
    (["--lang", "en"], {"LANG": "zh_CN.UTF-8"}),
], ids=["LANG=C.UTF-8", "--lang en beats LANG=zh"])
def test_an_english_run_stays_english(tmp_path, args, locale):
    stdout, report = run_queue_lifo(tmp_path, *args, **locale)
    shown = claims_section(stdout).splitlines()
    assert "implementation: queue_lifo (claims judged on its roles)" in shown
    assert messages.text("table.legend", "en") in shown
    assert any(line.startswith("FAIL: queue.fifo — AssertionError: MyQueue: put") for line in shown)
    counts = re.compile(r"(\s+\d+){6}$")  # a section's row: the tutorial's heading, then the counts
    assert [line for line in shown if CJK.search(line) and not counts.search(line)] == [], "no Chinese but the tutorial's headings"
    (row,) = [r for r in report["claims"] if r["id"] == "queue.fifo"]
    assert row["statement_zh"] == FIFO_ZH, "the report has both languages whatever the run's"
