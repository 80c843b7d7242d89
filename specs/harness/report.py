"""Per-claim verdicts of one run: collected from test reports, shown as a table, written as JSON."""
import itertools
import json
import platform
import re
import sys

from . import messages
from .loader import NOT_IMPLEMENTED

OUTCOMES = ("pass", "fail", "error", "not-implemented", "skipped", "not-executable")
_RANK = {"fail": 0, "error": 1, "pass": 2, "not-implemented": 3, "skipped": 4}
# across the roles a claim judges (those the package provides): the worst counts
_STUDENT_RANK = {"fail": 0, "error": 1, "not-implemented": 2, "skipped": 3, "pass": 4}
ROLES, RUNTIME = "roles", "runtime"


def spec_outcome(report):
    """(outcome, message) of one test report phase, or None when the phase says nothing new."""
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.replace("Skipped: ", "", 1)
        if NOT_IMPLEMENTED in reason:
            return "not-implemented", reason.split(NOT_IMPLEMENTED, 1)[1].strip()
        return "skipped", reason
    if report.failed:
        decided = report.when == "call" and not report_ran_out_of_time(report)
        return ("fail" if decided else "error"), failure_summary(report.longreprtext)
    if report.when == "call":
        return "pass", ""
    return None


def report_ran_out_of_time(report):
    """The spec's time ran out while its examples passed (pacing): it could not be decided."""
    return any(tuple(p) == ("out_of_time", True) for p in report.user_properties)  # lists, once serialized


REPLAYED = "the failure did not reproduce on replay: your code behaves differently on a second run"
REPLAYED_ZH = "再次运行时这个失败没有重现：你的代码第二次运行时的表现与第一次不同"


def _replayed():
    return messages.say(REPLAYED, REPLAYED_ZH)
LINE_LIMIT = 500  # characters of one summary line; a longer one (a huge bytes repr) is cut in the middle
_BORDER = re.compile(r"[\s+\-|=_~^\u2500-\u257f]*")  # group borders, pytest separators, caret lines
_STRUCTURE = re.compile(r"^(\s*)([+|])(.*)$")  # a line of Python's exception-group layout
_SEPARATOR = re.compile(r"^(-\+)?-+(\s+(\d+|\.\.\.)\s+-+)?$")  # after its "+": "-+--- 1 ---", "--- 2 ---", "----"
_SUB_EXCEPTIONS = re.compile(r"\(\d+ sub-exceptions?\)\s*$")
_CHAIN = ("The above exception was the direct cause", "During handling of the above exception")
_EXAMPLE = ("Falsifying", "Failing test case", "Failing explicit")  # Hypothesis's words change with its versions
_NOISE = ("You can add @seed", "You can reproduce this", "This test function exited early", "Use -v to get more diff",
          "Highest target score", "Trying example", "Trying test case")
_EXCEPTION_LINE = re.compile(  # "ValueError: ...", "hypothesis.errors.Flaky: ...", pytest's "file.py:3: Failed"
    r"^([^\s:]+:\d+: )?[A-Za-z_][\w.]*(Error|Exception|ExceptionGroup|Failure|Failed|Exit|Timeout|Flaky\w*)\b")
_RESUMED = "+ (cut)"  # stands for the cut in a group's layout
_REPLAY_ORIGIN = re.compile(r"^\s*last: \w+ from (\S+) at (\S+)")


CUT = "... (cut)"


def failure_summary(text, limit=3000):
    """The lines a student needs: each failure's assertion message and Hypothesis's falsifying
    example. An exception group (several distinct failures, or a flaky one) is unwrapped into its
    failures; Hypothesis's flakiness errors never head the summary, a sentence after the reason says
    the failure did not replay; borders, group indents and Hypothesis's advice are left out."""
    group_lines, plain_lines = _split_group(text.splitlines())
    failures = []  # one list of lines per distinct failure of a group
    notes = []  # a group's falsifying example; where a flaky replay says the first run failed
    embedded = []  # the first run's failure as a flakiness error quotes it
    flaky = False
    for segment, is_header in _group_segments(group_lines):
        chain = [block for block in _native_blocks(segment) if _exception_name(block[0])]
        if not chain:
            continue
        main = chain[-1]  # the sub-exception itself; the blocks before it are its causes
        flaky = flaky or _is_flaky(main[0]) or not is_header and any(_is_flaky(block[0]) for block in chain)
        if is_header or _is_group(main) or _is_flaky(main[0]):
            notes += [line for line in _clean(main, embedded) if line.startswith(_EXAMPLE)]
            notes += _replay_origin(main)
        else:
            failures.append(_clean(main, embedded))
    top = []  # pytest's exception lines outside any group, as they come (the harness adds its own)
    for block in _e_blocks(plain_lines):
        if _is_flaky(block[0]):
            flaky = True
            notes += [line for line in _clean(block, embedded) if line.startswith(_EXAMPLE)]
            notes += _replay_origin(block)
        else:
            top += _clean(block, embedded)
    examples = [line for line in notes if line.startswith(_EXAMPLE)]
    if not failures and not top:
        failures = [embedded] if embedded else []
        top = [line for line in notes if not line.startswith(_EXAMPLE)]  # where the first run failed
    unexplained = not failures and not top
    if unexplained:  # no reason found: the exception's own line
        top = [_fallback(text)]
    if len(failures) == 1 and examples and not any(line.startswith(_EXAMPLE) for line in failures[0]):
        failures[0].append(examples[0])  # a flaky failure: the example is a note of the group
    elif not failures and examples:
        top += examples[:1]
    lines = []
    for number, failure in enumerate(failures, 1):
        if len(failures) > 1:
            failure = [messages.say(f"failure {number} of {len(failures)}: ", f"失败 {number}（共 {len(failures)} 个）：")
                       + failure[0]] + failure[1:]
        lines += failure
    lines = [_cut_line(_fold_items(line)) for line in _fold_repeats(lines + top) if not _BORDER.fullmatch(line)]
    if flaky and unexplained:  # only the flakiness is known: say so first, then the error Hypothesis raised
        return _fit([_replayed()] + lines, limit)
    if flaky:
        return _fit(lines, limit - len(_replayed()) - 1) + "\n" + _replayed()
    return _fit(lines, limit)


def _split_group(lines):
    """(lines in Python's exception-group layout, the other lines). A group starts at an
    "Exception Group Traceback" line; its lines all carry a "|" or "+" prefix."""
    group, plain, inside, resume = [], [], False, False
    for line in lines:
        structured = _STRUCTURE.match(line)
        separator = structured and structured.group(2) == "+" and _SEPARATOR.match(structured.group(3))
        if structured and "Exception Group Traceback" in line:
            inside = True
        if inside and "characters cut]" in line:
            resume = True  # the child cut a huge text in the middle: its next line is a piece of one
            group.append(_RESUMED)
        elif resume:
            resume = False
            if separator:
                group.append(line)
        elif inside and structured or separator:
            group.append(line)
        else:
            inside = False if line.strip() else inside
            plain.append(line)
    return group, plain


def _group_segments(lines):
    """(content lines, is a group's header) per part of the layout: the group's own traceback and
    message, then each sub-exception (nested groups flattened), prefixes removed."""
    segments, current = [], []
    for line in lines:
        mark, rest = _STRUCTURE.match(line).group(2, 3)
        separator = _SEPARATOR.match(rest) if mark == "+" else None
        if line == _RESUMED:
            segments.append((current, False))
            current = [line]
        elif separator:
            segments.append((current, bool(separator.group(1))))  # "+-+" opens a group's sub-exceptions
            current = []
        else:  # "| content", or "+ Exception Group Traceback ..."
            current.append(rest[1:] if rest.startswith(" ") else rest)
    segments.append((current, False))
    return [(segment, header) for segment, header in segments if any(line.strip() for line in segment)]


def _native_blocks(lines):
    """The exceptions of one part in Python's own traceback layout, cause first: each the
    exception's line and the lines after it (message, notes), indents kept."""
    blocks, current, in_traceback, verbatim = [], None, False, False
    if lines[:1] == [_RESUMED]:  # a part cut at its start: it begins at its first exception line
        lines = list(itertools.dropwhile(lambda line: not _EXCEPTION_LINE.match(line), lines))
    for line in lines:
        stripped = line.strip()
        if verbatim:
            current.append(line)
        elif stripped.endswith("Traceback (most recent call last):"):
            in_traceback, current = True, None
        elif stripped.startswith(_CHAIN):
            in_traceback, current = False, None
        elif in_traceback:
            if stripped and not line[:1].isspace():
                in_traceback, current = False, [line]
                blocks.append(current)
        elif current is None:
            if stripped:
                current = [line]
                blocks.append(current)
        else:
            current.append(line)
            verbatim = stripped.startswith("Failed to reproduce exception")  # pytest's text of the first run
    return blocks


def _e_blocks(lines):
    """pytest's exception lines ("E   ...") in runs, one run per exception, indents kept."""
    blocks, previous = [], False
    for line in lines:
        is_e = line.startswith("E ") or line == "E"
        if is_e and not previous:
            blocks.append([])
        if is_e:
            blocks[-1].append(line[1:])
        previous = is_e
    return [block for block in blocks if any(line.strip() for line in block)]


def _exception_name(line):
    head = line.strip().split(":", 1)[0]
    return head.rsplit(".", 1)[-1] if re.fullmatch(r"[A-Za-z_][\w.]*", head) else ""


def _is_flaky(line):
    return _exception_name(line).startswith("Flaky")


def _is_group(block):
    return _exception_name(block[0]).endswith("ExceptionGroup") or any(_SUB_EXCEPTIONS.search(l) for l in block)


def _replay_origin(block):
    """Where the first run failed, as Hypothesis's replay error tells it."""
    for line in block:
        found = _REPLAY_ORIGIN.match(line)
        if found and not found.group(1).startswith("Flaky"):
            return [messages.say(f"the first run failed with {found.group(1)} at {found.group(2)}",
                                 f"第一次运行在 {found.group(2)} 处失败，抛出了 {found.group(1)}")]
    return []


def _clean(block, embedded):
    """A block's lines for a student: stripped, one line per falsifying example, without
    Hypothesis's advice, its "Explanation:" and the first run's text of a flaky failure (whose
    pytest exception lines go to `embedded`)."""
    lines, skip_deeper, in_diff = [], None, False
    for number, line in enumerate(block):
        stripped = line.strip()
        depth = len(line) - len(line.lstrip())
        if skip_deeper is not None and (not stripped or depth > skip_deeper):
            continue
        skip_deeper = None
        if stripped.startswith("Failed to reproduce exception"):
            if not embedded:
                embedded += [l.strip()[1:].strip() for l in block[number + 1:] if l.strip().startswith("E ")]
                embedded[:] = _one_line_examples([l for l in embedded if l])
            break
        if stripped == "Explanation:":
            skip_deeper = depth
        elif stripped.startswith("Full diff:"):
            in_diff = True  # pytest's full diff (shown when $CI is set): the reason is already above
        elif in_diff and stripped[:1] in ("+", "-", "?"):
            continue
        elif stripped and not stripped.startswith(_NOISE) and not _BORDER.fullmatch(stripped):
            lines.append(stripped[2:] if stripped.startswith("| ") else stripped)
    return _one_line_examples(lines)


def _one_line_examples(lines):
    """Hypothesis writes a falsifying example over several lines, `f(`, `    x=1,`, `)`: join them."""
    out, i = [], 0
    while i < len(lines):
        line, end = lines[i], None
        if line.startswith(_EXAMPLE) and line.endswith("("):
            end = next((j for j in range(i + 1, len(lines)) if lines[j] == ")"), None)
        if end is None:
            out.append(line)
            i += 1
            continue
        args = [re.sub(r",\s+#[^'\"]*$", ",", arg) for arg in lines[i + 1:end]]
        out.append(line + " ".join(args).rstrip(",") + ")")
        i = end + 1
    return out


def _fallback(text):
    """The exception's own line (or pytest's last line, which names its type), never a border."""
    lines = [re.sub(r"^(\s*[|+E](\s|$))+", "", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not _BORDER.fullmatch(line) and "Traceback" not in line]
    named = [line for line in lines if _EXCEPTION_LINE.match(line)]
    return (named or lines or ["failed"])[-1]


def _fold_repeats(lines, at_least=4):
    """A run of identical lines (an example's list printed one item per line: `0.001,` two hundred
    times) becomes its first line and a count."""
    folded, i = [], 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and lines[j + 1].strip() == lines[i].strip():
            j += 1
        folded.append(lines[i])
        if j - i + 1 >= at_least:
            folded.append(messages.say(f"... (the line above {j - i} times more)", f"……（上面这一行又重复了 {j - i} 次）"))
        else:
            folded += lines[i + 1:j + 1]
        i = j + 1
    return folded


_REPEATED_ITEM = re.compile(r"(?<=[\[(, ])([^,\[\]()]{1,40}?, )\1{3,}")


def _fold_items(line):
    """`[0.001, 0.001, ... 200 times, 0.5]` in one line: the item once, and a count."""
    def fold(m):
        more = len(m.group(0)) // len(m.group(1)) - 1
        return f"{m.group(1)}... ({messages.say(f'{more} times more', f'又重复 {more} 次')}), "

    return _REPEATED_ITEM.sub(fold, line)


def _cut_line(line):
    if len(line) <= LINE_LIMIT:
        return line
    keep = (LINE_LIMIT - 40) // 2
    cut = len(line) - 2 * keep
    return f"{line[:keep]} ... [{messages.say(f'{cut} characters cut', f'删去了 {cut} 个字符')}] ... {line[-keep:]}"


def _fit(lines, limit):
    """The lines within `limit` characters; the falsifying examples are kept whatever else is cut."""
    summary = "\n".join(lines)
    if len(summary) <= limit:
        return summary
    room = limit - sum(len(line) + 1 for line in lines if line.startswith(_EXAMPLE)) - len(CUT) - 1
    kept, cut = [], False
    for line in lines:
        if line.startswith(_EXAMPLE):
            kept.append(line)
        elif len(line) + 1 <= room:
            kept.append(line)
            room -= len(line) + 1
        elif not cut:
            kept.append(CUT)
            cut = True
    return "\n".join(kept)[:limit]


class ClaimBook:
    def __init__(self, catalogue):
        self.catalogue = catalogue  # id -> Claim
        self.specs = {}  # claim id -> {nodeid: (outcome, message)}
        self.subject_of = {}  # nodeid -> the role(s) it judges, or RUNTIME
        self.examples = {}  # nodeid -> its failing example as source text (replay.record)
        self.repro = {}  # claim id -> the path of its reproducer (--repro)

    def add(self, report):
        props = dict(report.user_properties)
        claims = props.get("claims") or []
        found = spec_outcome(report)
        if not claims or found is None:
            return
        subject = "+".join(props.get("roles") or []) or RUNTIME
        self.subject_of[report.nodeid] = subject
        if props.get("example"):
            self.examples[report.nodeid] = props["example"]
        violated = props.get("violated")
        for claim_id in claims:
            if violated and claim_id not in violated:
                self._record(claim_id, report.nodeid, ("pass", ""))  # no counterexample to this one
            else:
                self._record(claim_id, report.nodeid, found)

    def _record(self, claim_id, nodeid, found):
        specs = self.specs.setdefault(claim_id, {})
        previous = specs.get(nodeid)
        # a teardown error must not hide a call failure, nor a pass hide a setup skip
        if previous is None or _RANK[found[0]] < _RANK[previous[0]]:
            specs[nodeid] = found

    def outcomes_by_subject(self, claim_id):
        """{subject: (outcome, message)}: a subject is the role(s) a spec node judges ("MyQueue",
        "queue_consumer+queue_producer") or RUNTIME. Within a subject a claim fails if any of its
        nodes fails, and a pass outweighs a platform skip."""
        grouped = {}
        for nodeid, found in (self.specs.get(claim_id) or {}).items():
            grouped.setdefault(self.subject_of.get(nodeid, RUNTIME), []).append(found)
        return {subject: min(found, key=lambda om: _RANK[om[0]]) for subject, found in sorted(grouped.items())}

    def verdicts(self):
        rows = []
        for claim in self.catalogue.values():
            specs = self.specs.get(claim.id)
            subjects = self.outcomes_by_subject(claim.id)
            runtime = subjects.pop(RUNTIME, None)
            if subjects:
                # judged on the student's roles: the worst over the roles the package provides; a
                # role it lacks is not implemented (in "subjects"), never a pass, whatever the
                # runtime's subjects did; no role provided: the claim is not implemented
                provided = [om for om in subjects.values() if om[0] != "not-implemented"] or list(subjects.values())
                outcome, message = min(provided, key=lambda om: _STUDENT_RANK[om[0]])
                subject = ROLES
                if outcome == "fail":
                    message = f"{_heading('reason.claim_fails', claim)}\n{message}"
            elif runtime:
                outcome, message = runtime
                subject = RUNTIME
                if outcome == "fail":
                    message = f"{_heading('reason.claim_fails_runtime', claim)}\n{message}"
            elif not claim.executable:
                outcome, message, subject = "not-executable", claim.note, RUNTIME
            else:
                continue  # deselected or not collected in this run
            rows.append(
                {
                    "id": claim.id,
                    "chapter": claim.chapter,
                    "section": claim.section,
                    "statement": claim.statement,
                    "statement_zh": _statement_zh(claim.id),  # "" for a claim with no Chinese (never in the catalogue)
                    "verdict": claim.verdict,
                    "kind": claim.kind,
                    "outcome": outcome,
                    "message": message,
                    "hint": hint_of(message) if outcome in ("fail", "error") else None,
                    "subject": subject,  # "roles": the student's verdict; "runtime": the tutorial on this Python
                    "subjects": {k: om[0] for k, om in sorted({**subjects, **({RUNTIME: runtime} if runtime else {})}.items())},
                    "runtime_outcome": runtime[0] if runtime else None,
                    "specs": {nodeid: om[0] for nodeid, om in sorted((specs or {}).items())},
                    "repro": self.repro.get(claim.id),
                }
            )
        return rows

    def to_json(self, implementation, containment=None):
        return {
            "implementation": implementation,
            "containment": containment,  # where student code ran: "bubblewrap" or "process" (sandbox.LEVELS)
            "python": platform.python_version(),
            "python_implementation": platform.python_implementation(),
            "gil_enabled": getattr(sys, "_is_gil_enabled", lambda: True)(),
            "claims": self.verdicts(),
        }

    def write_json(self, path, implementation, containment=None):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_json(implementation, containment), f, ensure_ascii=False, indent=1)

    def render_table(self, write_line, implementation, lang=messages.DEFAULT, ids=False):
        """The claims table(s), a legend line, then one line per failed claim (in lang; the
        reasons, the specs' assertion messages, are English)."""
        messages.check_lang(lang)
        rows = self.verdicts()
        if not rows:
            return
        mine = [(row, row["outcome"]) for row in rows if row["subject"] == ROLES]
        runtime = [(row, row["runtime_outcome"] or row["outcome"]) for row in rows
                   if row["subject"] == RUNTIME or row["runtime_outcome"]]
        if mine:
            _table(write_line, messages.text("table.roles", lang, implementation=implementation), mine, lang, ids)
        if runtime:
            python = f"{platform.python_implementation()} {platform.python_version()}"
            _table(write_line, messages.text("table.runtime", lang, python=python), runtime, lang, ids)
        write_line(messages.text("table.legend", lang))
        for row, outcome in mine + [(r, o) for r, o in runtime if r["subject"] == RUNTIME]:
            if outcome in ("fail", "error"):
                reason = _clip((row["message"].splitlines()[1:2] or [""])[0])
                template = "line.fail" if outcome == "fail" else "line.error"
                if lang == "en":  # the English statement heads the message; the line gives the reason
                    write_line(messages.text(template, lang, id=row["id"], text=reason))
                else:  # the statement in the reader's language, then the reason (made in that language)
                    write_line(messages.text(template, lang, id=row["id"], text=row["statement_zh"] or row["statement"]))
                    write_line(messages.text("line.reason", lang, reason=reason))
                if row.get("hint"):
                    write_line(messages.text("line.hint", lang, hint=row["hint"]))
                if row.get("repro"):
                    write_line(messages.text("line.repro", lang, command=f"{sys.executable} {row['repro']}"))


def _clip(line, width=160):
    """A reason's first line for the terminal's FAIL line: whole when it fits, else cut after the last
    word that does, with " …" (the whole reason is in pytest's output above and in the JSON)."""
    if len(line) <= width:
        return line
    cut = max(line.rfind(" ", 0, width), line.rfind("，", 0, width), line.rfind("；", 0, width))
    return line[:cut if cut > width // 2 else width].rstrip(" ，；") + " …"


def hint_of(message):
    """The spec's `hint: ...` (`提示：...`) line (a usual cause the evidence points to), or None."""
    for line in (message or "").splitlines():
        for mark in messages.HINT_MARKS.values():
            if line.startswith(mark):
                return line[len(mark):].strip()
    return None


def _heading(key, claim):
    """A failure's first line, in the language its reason was made in: the claim in plain words."""
    lang = messages.reason_lang()
    statement = (_statement_zh(claim.id) or claim.statement) if lang == "zh" else claim.statement
    return messages.text(key, lang, id=claim.id, statement=statement)


def _statement_zh(claim_id):
    from ..catalogue import zh

    return zh.statement(claim_id)


COLUMNS = ("pass", "fail", "error", "not-implemented", "skipped", "not-executable")


def _table(write_line, title, pairs, lang=messages.DEFAULT, ids=False):
    """Counts per section; with ids (pytest -v), each claim's id and outcome under its section."""
    write_line(title)
    write_line(_pad(messages.text("table.section", lang), 34) + "".join(_rpad(messages.column(c, lang), 10) for c in COLUMNS))
    sections, members = {}, {}
    for row, outcome in pairs:
        key = (row["chapter"], row["section"])
        sections.setdefault(key, dict.fromkeys(COLUMNS, 0))[outcome] += 1
        members.setdefault(key, []).append((row["id"], outcome))
    for (chapter, section), counts in sections.items():
        label = f"{chapter} / {section}" if chapter != section else section
        write_line(_pad(label, 34) + "".join(f"{counts[c]:>10}" for c in COLUMNS))
        for claim_id, outcome in members[(chapter, section)] if ids else ():
            write_line(f"    {claim_id:<58} {messages.column(outcome, lang)}")
    totals = {c: sum(1 for _, outcome in pairs if outcome == c) for c in COLUMNS}
    write_line(_pad(messages.text("table.total", lang), 34) + "".join(f"{totals[c]:>10}" for c in COLUMNS))


def _width(text):
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _rpad(text, width):
    """text right-aligned in width terminal columns."""
    return " " * max(0, width - _width(text)) + text


def _pad(text, width):
    return text + " " * max(1, width - _width(text))
