"""The results page an instructor scans, from one or more claims reports (the JSON of
``pytest specs --claims-report``), and a page per student.

    python -m specs html reports/*.json -o results.html

``results.html``: totals first (per student the score: role claims passed / judged, with the
failed and not-implemented counts; the class's median), then one column per student (their score
in the header, their name a link to their own page) and the claims judged on the students' roles
as rows, grouped by tutorial section, each cell an outcome with its label (pass / fail / error /
not impl. / skipped / n/a) and its colour. A "failures only" checkbox hides the claims every
student passed; a student's header sorts the rows by that student's outcome, the claim header
restores the tutorial's order (a few lines of inline JavaScript: no external resource, and without
JavaScript the page reads the same, in tutorial order). The claims about the Python runtime
itself (subject ``runtime``: no one's grade) are in a table of their own, collapsed. The
catalogue's verdict on the tutorial (holds / refined / refuted / not-executable) is a neutral tag.

A student page (``<students>/<name>.html``) lists each claim the student did not pass with its
id, statement and full reason, and where the report carries them a ``hint`` and a ``repro`` path.
`write` puts the student pages in ``<output stem>-students/`` beside the page (``grade`` writes
``students/``). A report of a submission that could not be loaded (``{"implementation": ...,
"error": ...}``, written by batch grading) becomes a column, and a page, that says why.

In Chinese (``lang="zh"``; ``--lang zh`` of ``html`` and ``grade``) every fixed word is Chinese (the
``html.*`` templates of messages.TEMPLATES), so are the outcomes, the verdict tags, the claims'
statements and notes (the catalogue's Chinese, else a report's ``statement_zh``, else the English)
and the harness's own words in a reason; the reasons themselves are as the run made them (in its
``--lang``). English is the default, and its page is as it was before the Chinese edition.

Every text is escaped (folder names and messages are the students'), and the names of the
harness's copies (``student_alice_smith``, ``/tmp/netspecs-run-*/run/package/...``, the grading
work folder) are replaced in messages by the student's folder name.
"""
import html
import json
import os
import re
import statistics
import zlib
from pathlib import Path
from urllib.parse import quote

from . import messages

ROLES, RUNTIME = "roles", "runtime"  # a claim row's "subject" (see report.ClaimBook.verdicts)

LABELS = {
    "pass": "pass",
    "fail": "fail",
    "error": "error",
    "not-implemented": "not impl.",
    "skipped": "skipped",
    "not-executable": "n/a",
    None: "",
}
# a student's outcomes, worst first: the order of the rows when sorted by a student
SORT_RANK = {"fail": 0, "error": 1, "not-implemented": 2, "skipped": 3, "pass": 4, "not-executable": 5, None: 6}
NOT_EARNED = ("fail", "error", "not-implemented")  # a row the "failures only" filter keeps
TITLE_LIMIT = 600  # characters of a message shown on hover
REASON_LIMIT = 20000  # characters of a reason shown on a student page

FONTS = ('system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
         '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')

CSS = """
body { font-family: %s; margin: 1.5em; color: #222; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }
th { background: #f0f0f0; }
#grades thead tr.head th { position: sticky; top: 0; z-index: 1; }
th.student { text-align: center; white-space: nowrap; }
th.student .score { display: block; font-weight: normal; font-size: 12px; }
button.sort { font-size: 11px; padding: 0 3px; margin-left: 3px; cursor: pointer; }
tr.section th { background: #dde6f0; text-align: left; font-size: 14px; }
tr.totals th, tr.totals td { background: #fafafa; text-align: left; }
tr.totals td { white-space: nowrap; }
td.id { font-family: ui-monospace, monospace; white-space: nowrap; }
td.statement { max-width: 38em; }
td.cell { text-align: center; white-space: nowrap; }
td.cell a { color: inherit; }
.pass { background: #c8ecc8; }
.fail { background: #f5b5b5; font-weight: bold; }
.error { background: #f7d08a; font-weight: bold; }
.not-implemented { background: #e6e6e6; color: #555; }
.skipped { background: #f4f4d0; color: #555; }
.not-executable { background: #fff; color: #888; }
.broken { background: #f5b5b5; }
span.tag { display: inline-block; padding: 0 5px; border: 1px solid #aab; border-radius: 3px;
           background: #f3f3f8; color: #444; font-size: 12px; white-space: nowrap; }
table.runtime td.cell { background: #fff; color: #444; font-weight: normal; }
table.runtime td.cell.fail, table.runtime td.cell.error { border: 2px solid #c90; }
p.legend span.cell { display: inline-block; padding: 1px 6px; margin-right: 4px; border: 1px solid #ccc; }
#grades.failures-only tr.claim:not(.failing), #grades.failures-only tr.section:not(.failing) { display: none; }
#grades.sorted tr.section { display: none; }
details { margin-top: 1.5em; }
summary { cursor: pointer; font-weight: bold; }
pre.reason { white-space: pre-wrap; overflow-wrap: anywhere; background: #f8f8f8; border: 1px solid #ddd;
             padding: 6px; max-width: 70em; font-size: 12px; }
section.claim { border-top: 1px solid #ccc; margin-top: 1em; }
section.claim h3 code { font-size: 15px; }
p.hint { background: #eef6ff; border-left: 3px solid #69c; padding: 4px 8px; }
p.note { color: #666; font-size: 12px; }
""" % FONTS

SCRIPT = """
(function () {
  var table = document.getElementById("grades");
  if (!table || !document.querySelectorAll) return;
  var body = table.tBodies[0];
  var rank = {"fail": 0, "error": 1, "not-implemented": 2, "skipped": 3, "pass": 4, "not-executable": 5};
  var controls = document.getElementById("controls");
  if (controls) controls.hidden = false;
  var buttons = table.querySelectorAll("button.sort");
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  function rows(selector) { return Array.prototype.slice.call(body.querySelectorAll(selector)); }
  function order(row) { return +row.getAttribute("data-order"); }
  function outcome(row, col) {
    var cell = row.querySelector('td[data-col="' + col + '"]');
    var value = cell && rank[cell.getAttribute("data-outcome")];
    return value === undefined ? 6 : value;
  }
  function mark(header) {
    var heads = table.querySelectorAll("thead th[aria-sort]");
    for (var i = 0; i < heads.length; i++) heads[i].setAttribute("aria-sort", "none");
    header.setAttribute("aria-sort", "ascending");
  }
  function sortBy(col, header) {
    var claims = rows("tr.claim");
    claims.sort(function (a, b) { return outcome(a, col) - outcome(b, col) || order(a) - order(b); });
    for (var i = 0; i < claims.length; i++) body.appendChild(claims[i]);
    table.classList.add("sorted");
    mark(header);
  }
  function restore(header) {
    var all = rows("tr");
    all.sort(function (a, b) { return order(a) - order(b); });
    for (var i = 0; i < all.length; i++) body.appendChild(all[i]);
    table.classList.remove("sorted");
    mark(header);
  }
  var heads = table.querySelectorAll("thead tr.head th[data-sort]");
  for (var j = 0; j < heads.length; j++) {
    heads[j].addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) return;  // the name opens the student's page
      var col = this.getAttribute("data-sort");
      if (col === "claim") restore(this); else sortBy(col, this);
    });
  }
  var filter = document.getElementById("failures-only");
  if (filter) {
    var apply = function () { table.classList.toggle("failures-only", filter.checked); };
    filter.addEventListener("change", apply);
    apply();
  }
})();
"""

e = html.escape


def _t(key, lang, **values):
    """A fixed text of the page in lang (messages.TEMPLATES["html.*"]): our own words, no markup."""
    return messages.text(key, lang, **values)


def label(outcome, lang="en"):
    """An outcome's word in a cell: the short English labels, or messages' Chinese words."""
    if lang == "en" or outcome not in messages.OUTCOME_WORDS:
        return LABELS.get(outcome, str(outcome or ""))
    return messages.outcome(outcome, lang)


def _statement(row, lang):
    """The claim's statement in lang: the Chinese where the catalogue or the report has it."""
    if lang != "en" and row.get("statement_zh"):
        return row["statement_zh"]
    return row.get("statement") or ""


def read(path):
    """The claims report at `path`; ValueError, in one line, when the file is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError:  # not JSON, or not UTF-8
        raise ValueError(f"{path} is not a claims report (not JSON): write one with pytest specs --claims-report") from None
    claims = data.get("claims", []) if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or "claims" not in data and "error" not in data
        or not isinstance(claims, list)
        or not all(isinstance(row, dict) and isinstance(row.get("id"), str) for row in claims)
    ):
        raise ValueError(f"{path} is not a claims report (no list of claims): write one with pytest specs --claims-report")
    return data


def load(paths):
    """The reports at `paths`, in order; a file that is not a report becomes an error column."""
    reports = []
    for path in paths:
        try:
            data = read(path)
        except ValueError as exc:
            data = {"implementation": Path(path).stem, "error": f"unreadable report: {exc}", "claims": []}
        reports.append(data)
    return reports


# ---- the student's names in messages ----

_PATH_PART = r"(?:/[^/\s'\"<>()\[\],;:=]+)*"  # the folders before a name, in a path
_RUN = _PATH_PART + r"/netspecs-run-[A-Za-z0-9_-]+/run(?=/|\b)"  # sandbox.Package's run folder
_INSIDE = r"/tmp/netspecs(?=/)"  # the run folder as the sandbox shows it (sandbox.INSIDE)
_WORK = _PATH_PART + r"/netspecs-grade-[A-Za-z0-9_]+"  # grading's work folder


def copy_names(name):
    """The module names the harness may have judged the student's folder `name` under: the folder's
    own and the renamed copy of grading.importable_copy."""
    names = ["student_" + re.sub(r"\W", "_", name)]
    if name.isidentifier():
        names.append(name)
    return names


def clean_text(text, name, lang="en"):
    """`text` with the harness's copies of the student's package (renamed modules, run folders,
    the work folder) named by the student's folder `name` instead."""
    if not text:
        return text or ""
    text = str(text)
    put = lambda _match: name  # noqa: E731 (a name may hold backslashes: no template)
    for module in copy_names(name):
        m = re.escape(module)
        text = re.sub(f"(?:{_RUN}|{_INSIDE})/package/{m}(?![\\w-])", put, text)
        text = re.sub(f"{_PATH_PART}/{m}/(?={m}(?![\\w-]))", "", text)  # grading's copy: <work>/<module>/<module>
    run, work = _t("html.run_folder", lang), _t("html.work_folder", lang)
    text = re.sub(_RUN, lambda _match: run, text)
    text = re.sub(_INSIDE, lambda _match: run, text)
    text = re.sub(_WORK, lambda _match: work, text)
    renamed = copy_names(name)[0]
    if renamed != name:
        text = re.sub(rf"(?<![\w-]){re.escape(renamed)}(?![\w-])", put, text)
    return text


def clean_report(report, lang="en"):
    """A copy of `report` whose messages and error name the student, not the harness's copies."""
    name = str(report.get("implementation", "?"))
    cleaned = dict(report)
    if report.get("error"):
        cleaned["error"] = clean_text(report["error"], name, lang)
    cleaned["claims"] = [dict(row, message=_first_line(clean_text(row.get("message") or "", name, lang), row, lang))
                         for row in report.get("claims") or []]
    return cleaned


_NO_ROLE = re.compile(r"(?P<name>\S+) provides no role (?P<role>'[^'\n]*')")  # loader's reason of a role not implemented


def _first_line(message, row, lang):
    """In Chinese, the harness's own English words in a reason, in Chinese: the first line of a
    failure ("Claim X does not hold for this implementation: <statement>", report.ClaimBook.verdicts)
    and the reason of a role not implemented (loader); any other text as it is."""
    if lang == "en" or not message:
        return message
    missing = _NO_ROLE.fullmatch(message)
    if missing:
        return _t("reason.no_role", lang, name=missing["name"], role=missing["role"])
    for key in ("reason.claim_fails", "reason.claim_fails_runtime"):
        head = _t(key, "en", id=row.get("id"), statement=row.get("statement") or "")
        if message == head or message.startswith(head + "\n"):
            zh = row.get("statement_zh") or _catalogue_zh(row.get("id"), "statement") or row.get("statement") or ""
            return _t(key, lang, id=row.get("id"), statement=zh) + message[len(head):]
    return message


# ---- scores ----


def role_outcomes(claim):
    """{role: outcome} of the points one claim row gives a student's score: one per role it is
    judged on; none for a claim about the runtime or one that is not executable."""
    if claim.get("outcome") == "not-executable" or claim.get("subject", ROLES) != ROLES:
        return {}
    return {k: v for k, v in (claim.get("subjects") or {"": claim.get("outcome")}).items() if k != RUNTIME}


def score(report):
    """passed, judged, failed (fail or error), undecided (error: the spec could not decide, as when
    its time ran out), not_implemented: points of (claim, role); percent."""
    passed = judged = failed = undecided = missing = 0
    for claim in report.get("claims", []):
        roles = role_outcomes(claim)
        judged += len(roles)
        passed += sum(1 for outcome in roles.values() if outcome == "pass")
        failed += sum(1 for outcome in roles.values() if outcome in ("fail", "error"))
        undecided += sum(1 for outcome in roles.values() if outcome == "error")
        missing += sum(1 for outcome in roles.values() if outcome == "not-implemented")
    percent = round(100.0 * passed / judged, 1) if judged else 0.0
    return {"passed": passed, "judged": judged, "failed": failed, "undecided": undecided, "not_implemented": missing,
            "percent": percent}


def class_median(reports):
    """The median of the students' percent (a submission not judged counts 0), or None."""
    if not reports:
        return None
    return round(statistics.median(score(r)["percent"] for r in reports), 1)


# ---- rows ----


def _catalogue_rows():
    try:
        from .claims import load_catalogue

        rows = [
            {"id": c.id, "chapter": c.chapter, "section": c.section, "statement": c.statement, "verdict": c.verdict,
             "kind": c.kind, "note": c.note}
            for c in load_catalogue()
        ]
    except Exception:  # rendering old reports without the catalogue at hand
        return []
    for row in rows:  # the Chinese, where the catalogue has it (else the report's statement_zh stays)
        for field in ("statement", "note"):
            text = _catalogue_zh(row["id"], field)
            if text:
                row[field + "_zh"] = text
    return rows


def _catalogue_zh(claim_id, field):
    """The catalogue's Chinese statement or note of a claim ("" where there is none)."""
    try:
        from ..catalogue import zh

        return zh.entries().get(claim_id, {}).get(field, "")
    except Exception:  # an installed copy without the Chinese catalogue
        return ""


def claim_rows(reports):
    """Every claim the reports judged, in tutorial order (the catalogue's; then claims it lacks)."""
    reported = {}
    for report in reports:
        for row in report.get("claims", []):
            reported.setdefault(row["id"], row)
    rows = []
    for row in _catalogue_rows():
        if row["id"] in reported:
            rows.append(dict(reported.pop(row["id"]), **row))
    return rows + list(reported.values())


def _heading(row):
    chapter, section = row.get("chapter"), row.get("section")
    return str(section if chapter in (None, section) else f"{chapter} › {section}")


def _sections(rows):
    """[(section heading, its rows)] in the rows' (tutorial) order."""
    groups = []
    for row in rows:
        if not groups or groups[-1][0] != _heading(row):
            groups.append((_heading(row), []))
        groups[-1][1].append(row)
    return groups


def _verdict_tag(row, lang="en"):
    verdict = row.get("verdict") or ""
    note = row.get("note") or ""
    if lang != "en":
        verdict = messages.verdict(verdict, lang) if verdict in messages.VERDICT_WORDS else verdict
        note = row.get("note_zh") or note
    return f'<span class="tag" title="{e(note, quote=True)}">{e(verdict)}</span>'


def _hover(found, lang="en"):
    """The text shown on hovering a cell: the outcome per role, then the message (cut)."""
    if not found:
        return _t("html.not_run", lang)
    lines = []
    roles = {k: v for k, v in (found.get("subjects") or {}).items() if k != RUNTIME}
    if len(roles) > 1 or roles and set(roles.values()) != {found.get("outcome")}:
        lines.append(_t("html.sep", lang).join(_t("html.role_outcome", lang, role=role, outcome=label(outcome, lang))
                                                  for role, outcome in roles.items()))
    message = found.get("message") or ""
    if len(message) > TITLE_LIMIT:
        message = message[:TITLE_LIMIT] + _t("html.cut_title", lang)
    if message:
        lines.append(message)
    return "\n".join(lines)


def _score_text(s):
    return f"{s['passed']} / {s['judged']}"


# ---- the results page ----


def render(reports, title=None, links=None, lang="en"):
    """The results page (a str) for the loaded reports; `links`: per report the href of the
    student's own page (None: names are not links); `lang`: "en" or "zh" (every fixed word,
    the outcomes, the verdicts and the claims' statements and notes in Chinese)."""
    messages.check_lang(lang)
    title = _t("html.title", lang) if title is None else title
    reports = [clean_report(r, lang) for r in reports]
    links = list(links) if links is not None else [None] * len(reports)
    rows = claim_rows(reports)
    role_ids = {row["id"] for report in reports for row in report.get("claims", []) if row.get("subject", ROLES) == ROLES}
    grades = [row for row in rows if row["id"] in role_ids]
    runtime = [row for row in rows if row["id"] not in role_ids]
    outcomes = [{row["id"]: row for row in report.get("claims", [])} for report in reports]
    scores = [score(r) for r in reports]
    median = class_median(reports)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    judged = [s for r, s in zip(reports, scores) if not r.get("error")]
    summary = _t("html.summary.one" if len(reports) == 1 else "html.summary.many", lang, n=len(reports))
    if median is not None:
        summary += _t("html.summary.median", lang, median=f"{median:g}")
        if judged:
            summary += _t("html.summary.judged", lang, judged=f"{statistics.median(s['judged'] for s in judged):g}")
    broken = sum(1 for r in reports if r.get("error"))
    if broken:
        summary += _t("html.summary.broken", lang, n=broken)
    out.append(f'<p class="summary" id="summary">{e(summary)}{_t("full_stop", lang)}</p>')
    cells = "".join(f'<span class="cell {o}">{e(label(o, lang))}</span>'
                    for o in ("pass", "fail", "error", "not-implemented", "skipped"))
    out.append(
        f'<p class="legend">{_t("html.legend.cells", lang)}{cells}'
        f'<span class="cell not-executable">{_t("html.legend.na", lang)}</span> {_t("html.legend", lang)}</p>'
    )
    out.append(
        f'<p class="controls" id="controls" hidden><label><input type="checkbox" id="failures-only"> {_t("html.failures_only", lang)}'
        f'</label> {_t("html.controls", lang)}</p>'
    )
    out.append(_grades_table(reports, grades, outcomes, scores, links, median, lang))
    if runtime:
        out.append(_runtime_table(reports, runtime, outcomes, lang))
    out += [f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(out) + "\n"


def _columns(lang):
    """The three header cells before the students': claim, statement, tutorial."""
    return (_t("html.col.claim", lang), f'<th>{_t("html.col.statement", lang)}</th><th>{_t("html.col.tutorial", lang)}</th>')


def _grades_table(reports, rows, outcomes, scores, links, median, lang="en"):
    claim, rest = _columns(lang)
    out = ['<table id="grades" class="grades">', "<thead>",
           f'<tr class="head"><th data-sort="claim" aria-sort="ascending" title="{_t("html.sort.claim", lang)}">{claim}'
           f'<button type="button" class="sort" hidden>↺</button></th>{rest}']
    for i, report in enumerate(reports):
        name = str(report.get("implementation", "?"))
        about = report["error"] if report.get("error") else (
            f"Python {report.get('python', '?')} ({report.get('python_implementation', '?')})")
        cls = "student broken" if report.get("error") else "student"
        shown_name = f'<a class="name" href="{e(links[i], quote=True)}">{e(name)}</a>' if links[i] else f'<span class="name">{e(name)}</span>'
        shown = _t("html.not_judged", lang) if report.get("error") else _score_text(scores[i])
        sort_title = _t("html.sort.student", lang, name=e(name, quote=True))
        out.append(
            f'<th class="{cls}" data-col="{i}" data-sort="{i}" data-name="{e(name, quote=True)}" aria-sort="none"'
            f' title="{e(about, quote=True)}">{shown_name}<span class="score">{e(shown)}</span>'
            f'<button type="button" class="sort" hidden title="{sort_title}">⇅</button></th>'
        )
    out.append("</tr>")
    median_text = _t("html.median", lang, median=f"{median:g}") if median is not None else ""
    out.append(f'<tr class="totals"><th colspan="3">{_t("html.score_head", lang)}'
               f'<br><span class="median">{e(median_text)}</span></th>')
    for i, report in enumerate(reports):
        if report.get("error"):
            out.append(f'<td class="score broken" data-col="{i}" title="{e(report["error"], quote=True)}">{_t("html.not_judged", lang)}</td>')
            continue
        s = scores[i]
        out.append(f'<td class="score" data-col="{i}"><strong>{_score_text(s)}</strong> ({s["percent"]:g}%)<br>'
                   f'{_t("html.failed_count", lang, n=s["failed"])}<br>{_t("html.missing_count", lang, n=s["not_implemented"])}</td>')
    out += ["</tr>", "</thead>", "<tbody>"]
    width = 3 + len(reports)
    order = 0
    for heading, claims in _sections(rows):
        lines, any_failing = [], False
        order += 1
        at = order  # the section row comes before its claims
        for row in claims:
            order += 1
            cells, failing = _grade_cells(reports, row, outcomes, links, lang)
            any_failing = any_failing or failing
            lines.append(
                f'<tr class="claim{" failing" if failing else ""}" data-order="{order}">'
                f'<td class="id" title="{e(row.get("kind") or "", quote=True)}">{e(row["id"])}</td>'
                f'<td class="statement">{e(_statement(row, lang))}</td>'
                f'<td class="verdict">{_verdict_tag(row, lang)}</td>' + "".join(cells) + "</tr>"
            )
        cls = "section failing" if any_failing else "section"
        out.append(f'<tr class="{cls}" data-order="{at}"><th colspan="{width}" lang="zh">{e(heading)}</th></tr>')
        out += lines
    if not rows:
        out.append(f'<tr><td colspan="{width}">{_t("html.no_claims", lang)}</td></tr>')
    out += ["</tbody></table>"]
    return "\n".join(out)


def _grade_cells(reports, row, outcomes, links, lang="en"):
    """(the cells of one claim row, whether some student did not earn it)."""
    cells, failing = [], False
    for i, report in enumerate(reports):
        if report.get("error"):
            cells.append(f'<td class="cell broken" data-col="{i}" title="{_t("html.cell_not_judged", lang)}">—</td>')
            continue
        found = outcomes[i].get(row["id"])
        outcome = found.get("outcome") if found else None
        failing = failing or outcome in NOT_EARNED
        cls = f"cell {outcome}" if outcome in LABELS and outcome else "cell"
        text = e(label(outcome, lang))
        if outcome in ("fail", "error") and links[i]:
            text = f'<a href="{e(links[i], quote=True)}#{e(quote(row["id"]), quote=True)}">{text}</a>'
        cells.append(f'<td class="{e(cls, quote=True)}" data-col="{i}" data-outcome="{e(outcome or "", quote=True)}"'
                     f' title="{e(_hover(found, lang), quote=True)}">{text}</td>')
    return cells, failing


def _runtime_table(reports, rows, outcomes, lang="en"):
    claim, rest = _columns(lang)
    out = [
        f'<details id="runtime"><summary>{_t("html.runtime_summary", lang, n=len(rows))}</summary>',
        '<table class="runtime">',
        f"<thead><tr><th>{claim}</th>{rest}",
    ]
    for report in reports:
        python = f"Python {report.get('python', '?')} ({report.get('python_implementation', '?')})"
        out.append(f'<th title="{e(python, quote=True)}">{e(str(report.get("implementation", "?")))}</th>')
    out.append("</tr></thead><tbody>")
    for heading, claims in _sections(rows):
        out.append(f'<tr class="section"><th colspan="{3 + len(reports)}" lang="zh">{e(heading)}</th></tr>')
        for row in claims:
            cells = []
            for i, report in enumerate(reports):
                found = outcomes[i].get(row["id"])
                outcome = None
                if found:
                    outcome = found.get("runtime_outcome") or found.get("outcome")
                if report.get("error"):
                    cells.append('<td class="cell">—</td>')
                    continue
                message = (found.get("message") or "") if found and found.get("subject") == RUNTIME else ""
                if message and lang != "en" and found.get("outcome") == "not-executable":  # its message is the note
                    message = row.get("note_zh") or message
                cls = f"cell {outcome}" if outcome in LABELS and outcome else "cell"
                cells.append(f'<td class="{e(cls, quote=True)}" data-outcome="{e(outcome or "", quote=True)}"'
                             f' title="{e(message[:TITLE_LIMIT], quote=True)}">{e(label(outcome, lang))}</td>')
            out.append(f'<tr class="claim"><td class="id">{e(row["id"])}</td><td class="statement">{e(_statement(row, lang))}</td>'
                       f'<td class="verdict">{_verdict_tag(row, lang)}</td>' + "".join(cells) + "</tr>")
    out.append("</tbody></table></details>")
    return "\n".join(out)


# ---- a student's page ----


def _reason(text, lang="en"):
    text = text or ""
    note = ""
    if len(text) > REASON_LIMIT:
        note = f'<p class="note">{_t("html.reason_cut", lang, n=len(text) - REASON_LIMIT)}</p>'
        text = text[:REASON_LIMIT]
    return f'<pre class="reason">{e(text)}</pre>{note}'


def render_student(report, title=None, back=None, lang="en"):
    """The student's own page (a str): their score, then each claim they did not pass."""
    messages.check_lang(lang)
    title = _t("html.title", lang) if title is None else title
    report = clean_report(report, lang)
    name = str(report.get("implementation", "?"))
    s = score(report)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(name)} — {e(title)}</title>",
        f"<style>{CSS}</style></head><body>",
    ]
    if back:
        out.append(f'<p><a href="{e(back, quote=True)}">← {e(title)}</a></p>')
    out.append(f'<h1 class="student">{e(name)}</h1>')
    if report.get("error"):
        out.append(f'<p>{_t("html.student_not_judged", lang)}</p>' + _reason(report["error"], lang))
        out.append("</body></html>")
        return "\n".join(out) + "\n"
    shown = _t("html.student_score", lang, score=f"<strong>{_score_text(s)}</strong>", percent=f'{s["percent"]:g}',
               failed=s["failed"], missing=s["not_implemented"])
    out.append(f'<p class="score">{shown}</p>')
    rows = claim_rows([report])
    failing = [r for r in rows if r.get("outcome") in ("fail", "error") and r.get("subject", ROLES) == ROLES]
    missing = [r for r in rows if r.get("outcome") == "not-implemented" and r.get("subject", ROLES) == ROLES]
    if not failing:
        out.append(f'<p>{_t("html.no_failure", lang)}</p>')
    for heading, claims in _sections(failing):
        out.append(f'<h2 lang="zh">{e(heading)}</h2>')
        for row in claims:
            roles = {k: v for k, v in (row.get("subjects") or {}).items() if k != RUNTIME}
            out.append(f'<section class="claim" id="{e(row["id"], quote=True)}">')
            out.append(f'<h3><span class="cell {e(row["outcome"], quote=True)}">{e(label(row["outcome"], lang))}</span>'
                       f' <code>{e(row["id"])}</code></h3>')
            out.append(f'<p class="statement">{e(_statement(row, lang))} {_verdict_tag(row, lang)}</p>')
            if roles:
                listed = _t("html.sep", lang).join(
                    _t("html.role_outcome", lang, role=e(role),
                       outcome=f'<span class="cell {e(o or "", quote=True)}">{e(label(o, lang))}</span>')
                    for role, o in roles.items())
                out.append(f'<p class="roles">{_t("html.roles", lang, roles=listed)}</p>')
            out.append(_reason(row.get("message"), lang))
            if row.get("hint"):  # the spec's hint: the usual cause its evidence points to
                out.append(f'<p class="hint">{_t("html.hint", lang, hint=e(str(row["hint"])))}</p>')
            if row.get("repro"):  # the --repro script that replays the failing example
                out.append(f'<p class="repro">{_t("html.repro", lang, command="<code>" + e(str(row["repro"])) + "</code>")}</p>')
            out.append("</section>")
    if missing:
        out.append(f'<h2>{_t("html.missing_head", lang, n=len(missing))}</h2><ul class="missing">')
        for row in missing:
            item = _t("html.missing_item", lang, id=f'<code>{e(row["id"])}</code>', reason=e(row.get("message") or ""))
            out.append(f'<li id="{e(row["id"], quote=True)}">{item}</li>')
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def page_names(names):
    """A file name per student, in order: `<name>.html` when the name is a plain one, else (or on a
    clash) a safe name with a short checksum of the name."""
    taken, files = set(), []
    for name in map(str, names):
        plain = re.fullmatch(r"[\w][\w.-]*", name) and len(name.encode("utf-8")) <= 200
        stem = name if plain else (re.sub(r"[^\w.-]", "_", name)[:80].lstrip(".") or "student")
        if not plain or stem.lower() in taken:
            stem = f"{stem}-{zlib.crc32(name.encode('utf-8')):08x}"
        while stem.lower() in taken:
            stem += "_"
        taken.add(stem.lower())
        files.append(stem + ".html")
    return files


def write(paths, output, title=None, students=None, lang="en"):
    """The results page at `output` and a page per report in the folder `students` (default:
    `<output stem>-students` beside it), in `lang` ("en" or "zh"). Returns `output`."""
    messages.check_lang(lang)
    output = Path(output)
    reports = load(paths)
    students = Path(students) if students is not None else output.with_name(output.stem + "-students")
    students.mkdir(parents=True, exist_ok=True)
    files = page_names([r.get("implementation", "?") for r in reports])
    folder = os.path.relpath(students, output.parent)
    back = quote(os.path.relpath(output, students).replace(os.sep, "/"))
    links = []
    for report, file in zip(reports, files):
        (students / file).write_text(render_student(report, title, back=back, lang=lang), encoding="utf-8")
        links.append(quote(f"{folder}/{file}".replace(os.sep, "/")))
    output.write_text(render(reports, title, links=links, lang=lang), encoding="utf-8")
    return output
