"""One HTML page from one or more claims reports (the JSON of ``pytest specs --claims-report``).

    python -m specs html reports/*.json -o results.html

Claims are rows, grouped under their tutorial section, with the catalogue's verdict on the
tutorial; each implementation (one report) is a column; a cell is pass / fail / error / not
implemented / skipped / not executable, and hovering it shows the failure message. A report of an
implementation that could not even be loaded (``{"implementation": ..., "error": ...}``, written by
batch grading) becomes a column that says why.
"""
import html
import json
from pathlib import Path

LABELS = {
    "pass": "pass",
    "fail": "fail",
    "error": "error",
    "not-implemented": "not impl.",
    "skipped": "skipped",
    "not-executable": "n/a",
    None: "",
}

CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }
th { background: #f0f0f0; position: sticky; top: 0; }
tr.section th { background: #dde6f0; text-align: left; font-size: 14px; position: static; }
td.id { font-family: ui-monospace, monospace; white-space: nowrap; }
td.statement { max-width: 38em; }
td.cell { text-align: center; white-space: nowrap; cursor: default; }
.pass { background: #c8ecc8; }
.fail { background: #f5b5b5; font-weight: bold; }
.error { background: #f7d08a; font-weight: bold; }
.not-implemented { background: #e6e6e6; color: #666; }
.skipped { background: #f4f4d0; color: #666; }
.not-executable { background: #fff; color: #999; }
.verdict-refuted { color: #a00; font-weight: bold; }
.verdict-refined { color: #a60; }
.verdict-not-executable { color: #888; }
tr.totals td { font-weight: bold; background: #fafafa; }
.broken { background: #f5b5b5; }
p.legend span { padding: 2px 6px; margin-right: 6px; border: 1px solid #ccc; }
"""


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


def _catalogue_rows():
    try:
        from .claims import load_catalogue

        return [
            {"id": c.id, "chapter": c.chapter, "section": c.section, "statement": c.statement, "verdict": c.verdict,
             "kind": c.kind, "note": c.note}
            for c in load_catalogue()
        ]
    except Exception:  # rendering old reports without the catalogue at hand
        return []


def claim_rows(reports):
    """Every claim of the catalogue and of the reports, in tutorial order."""
    rows, seen = [], set()
    for row in _catalogue_rows():
        rows.append(row)
        seen.add(row["id"])
    for report in reports:
        for row in report.get("claims", []):
            if row["id"] not in seen:
                seen.add(row["id"])
                rows.append(row)
    return rows


def render(reports, title="Tutorial claims: results"):
    """The HTML page (a str) for the loaded reports."""
    rows = claim_rows(reports)
    outcomes = [{row["id"]: row for row in report.get("claims", [])} for report in reports]
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        '<p class="legend">Cells: <span class="pass">pass</span><span class="fail">fail</span>'
        '<span class="error">error</span><span class="not-implemented">not impl.</span>'
        '<span class="skipped">skipped</span><span class="not-executable">n/a: not executable</span>'
        " Hover a cell for its message, a claim for the catalogue's note.</p>",
        "<table>",
        "<thead><tr><th>claim</th><th>statement</th><th>tutorial</th>",
    ]
    for report in reports:
        about = f"Python {report.get('python', '?')} ({report.get('python_implementation', '?')})"
        if report.get("error"):
            about = report["error"]
        cls = ' class="broken"' if report.get("error") else ""
        out.append(f'<th title="{e(about, quote=True)}"{cls}>{e(str(report.get("implementation", "?")))}</th>')
    out.append("</tr></thead><tbody>")
    totals = [dict.fromkeys(LABELS, 0) for _ in reports]
    current = None
    width = 3 + len(reports)
    for row in rows:
        heading = (row.get("chapter"), row.get("section"))
        if heading != current:
            current = heading
            chapter, section = heading
            label = section if chapter in (None, section) else f"{chapter} › {section}"
            out.append(f'<tr class="section"><th colspan="{width}">{e(str(label))}</th></tr>')
        verdict = row.get("verdict", "")
        note = row.get("note", "")
        out.append(
            f'<tr><td class="id" title="{e(row.get("kind", ""), quote=True)}">{e(row["id"])}</td>'
            f'<td class="statement">{e(row.get("statement", ""))}</td>'
            f'<td class="verdict-{e(verdict, quote=True)}" title="{e(note, quote=True)}">{e(verdict)}</td>'
        )
        for i, report in enumerate(reports):
            found = outcomes[i].get(row["id"])
            outcome = found["outcome"] if found else None
            if report.get("error"):
                out.append('<td class="cell broken" title="the implementation could not be loaded">—</td>')
                continue
            totals[i][outcome if outcome in LABELS else None] += 1
            message = (found or {}).get("message", "") or ""
            if not found:
                message = "not run in this report"
            cls = f"cell {outcome}" if outcome else "cell"
            out.append(f'<td class="{e(cls, quote=True)}" title="{e(message, quote=True)}">{e(LABELS.get(outcome, outcome or ""))}</td>')
        out.append("</tr>")
    out.append('<tr class="totals"><td colspan="3">passed / failed or error / not implemented</td>')
    for i, report in enumerate(reports):
        if report.get("error"):
            out.append(f'<td class="broken" title="{e(report["error"], quote=True)}">not loaded</td>')
        else:
            t = totals[i]
            out.append(f"<td>{t['pass']} / {t['fail'] + t['error']} / {t['not-implemented']}</td>")
    out += ["</tr></tbody></table>", "</body></html>"]
    return "\n".join(out) + "\n"


def write(paths, output, title="Tutorial claims: results"):
    Path(output).write_text(render(load(paths), title), encoding="utf-8")
    return output
