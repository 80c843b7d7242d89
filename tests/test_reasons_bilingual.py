"""Every reason a spec gives is written in English and in Chinese where it is made.

A failure's reason (an assertion message, what a blocking check waited for, the evidence, the hint)
goes to a student, often a Chinese one: the specs write both with messages.say(en, zh) (hints with
hint(en, zh) or checks.hinted(en, zh)), and the run shows the one of --lang. This reads the
sources, as a linter does: a bare English message where a reason is made fails it, with the line.
"""
import ast
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SPECS = ROOT / "specs"
# The harness modules whose words reach a failure's reason (the rest talk to the instructor or
# the tool's user, and raise usage errors).
HARNESS = ["blocking", "checks", "servers", "netclient", "schedules", "timing", "isolation", "sandbox", "report"]
MODULES = sorted(SPECS.glob("test_*.py")) + [SPECS / "harness" / f"{name}.py" for name in HARNESS]
# calls that carry a reason: (name, how many leading arguments are not words: ClaimViolation's claim id)
REASON_CALLS = {"AssertionError": 0, "ClaimViolation": 1, "fail": 0, "_explain": 1}
BILINGUAL = {"say", "hint", "hinted"}


def _name(func):
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _words(node):
    """The literal text of a message expression, where it has some outside a call (say() and the
    like make their own): an English message if it is not empty."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_words(part) or "" for part in node.values if not isinstance(part, ast.FormattedValue))
    if isinstance(node, ast.BinOp):
        return (_words(node.left) or "") + (_words(node.right) or "")
    if isinstance(node, ast.IfExp):
        return (_words(node.body) or "") + (_words(node.orelse) or "")
    return None


def _letters(text):
    return re.search(r"[A-Za-z]{2}", text or "")


def problems(path):
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None and _letters(_words(node.msg)):
            found.append((node.lineno, "an assert's message in English only"))
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in REASON_CALLS:
            for arg in node.args[REASON_CALLS[name]:]:
                if _letters(_words(arg)):
                    found.append((node.lineno, f"{name}() with a message in English only"))
        for keyword in node.keywords:
            if keyword.arg == "what" and _letters(_words(keyword.value)):
                found.append((node.lineno, "what= in English only"))
        if name in BILINGUAL:
            if len(node.args) != 2:
                found.append((node.lineno, f"{name}() takes the English and the Chinese"))
                continue
            en, zh = (_words(arg) for arg in node.args)
            if en is not None and CJK.search(en):
                found.append((node.lineno, f"{name}()'s first text is not English"))
            if zh is not None and not CJK.search(zh):
                found.append((node.lineno, f"{name}()'s second text is not Chinese"))
    for node in ast.walk(tree):  # a hint line written by hand: the report would show it in English
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"(^|\n)hint: ", node.value):
            found.append((node.lineno, "a 'hint: ' line by hand (use hint(en, zh))"))
    return sorted(set(found))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_reason_is_written_in_both_languages(path):
    found = problems(path)
    assert not found, f"{path.relative_to(ROOT)}: " + "; ".join(f"line {line}: {why}" for line, why in found)


def test_the_check_finds_an_english_only_reason(tmp_path):
    bad = tmp_path / "spec.py"
    bad.write_text(
        'def spec(q):\n'
        '    assert q.get() == 1, f"get() returned {q.get()}"\n'
        '    raise ClaimViolation("queue.fifo", "order lost")\n'
        '    assert_blocks_until(q.get, q.put, what="get() on an empty queue")\n'
        '    assert q, say("empty", "empty")\n'
        '    assert q, "lost\\nhint: use a lock"\n'
        '    assert q, say("empty", "队列是空的")\n'
    )
    assert [line for line, _ in problems(bad)] == [2, 3, 4, 5, 6, 6]
