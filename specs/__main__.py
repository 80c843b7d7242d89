"""The netspecs command (installed: `netspecs ...`; in a checkout also `python -m specs ...`).

    netspecs check [PACKAGE] [pytest options]
                                 judge a package (folder or module; without one, the reference
                                 implementation, where the edition has it); options such as
                                 --claim PREFIX, --claims-report PATH, -n 0 go to the pytest run
    netspecs catalog [--json]    the claim catalogue (with the specs that check each claim)
    netspecs starter FOLDER      create a student package with every role stubbed
    netspecs html REPORT.json... -o results.html [--lang zh|en]
                                 one HTML page from one or more --claims-report files
    netspecs grade SUBMISSIONS -o OUT [--jobs N] [--timeout S] [--lang zh|en] [-- pytest args]
                                 judge every package in SUBMISSIONS in parallel; write
                                 OUT/results.html and OUT/gradebook.csv
    netspecs gradescope -o autograder.zip [--rubric rubric.toml] [--wheel PATH]
                                 a Gradescope autograder zip (setup.sh, run_autograder, rubric, wheel)
    netspecs classroom [-o .github/workflows/netspecs.yml] [--package NAME] [--wheel URL]
                                 a GitHub Actions workflow for GitHub Classroom repositories
    python -m specs render [--check]
                                 (a checkout only) write CLAIMS.md, CLAIMS.zh.md and CONTRACT.md,
                                 or fail if stale
    python -m specs wheel --edition student|instructor -o DIR
                                 (a checkout only) build a wheel: the student edition has no
                                 reference implementation
"""
import argparse
import contextlib
import io
import json
import os
import sys
from pathlib import Path

from .harness import layout

ROOT = layout.CHECKOUT  # None when installed: render writes into a checkout only


def collect_specs():
    """[(nodeid, claim ids, role names)] of every spec, from pytest's own collection."""
    import pytest

    from .harness.claims import claim_ids_of, roles_of

    class Collector:
        items = []

        def pytest_collection_finish(self, session):
            for item in session.items:
                self.items.append((item.nodeid, claim_ids_of(item), roles_of(item)))

    collector = Collector()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        args, _ = layout.pytest_run("--collect-only", "-q", "-p", "no:cacheprovider")
        code = pytest.main(args, plugins=[collector])
    if code not in (0, 5):
        sys.exit(f"collecting the specs failed:\n{out.getvalue()[-3000:]}")
    return collector.items


def catalogue_rows():
    from .harness.claims import load_catalogue

    specs_of = {}
    for nodeid, claim_ids, _ in collect_specs():
        for claim_id in claim_ids:
            specs_of.setdefault(claim_id, []).append(nodeid)
    rows = []
    for c in load_catalogue():
        rows.append(
            {
                "id": c.id,
                "chapter": c.chapter,
                "section": c.section,
                "statement": c.statement,
                "verdict": c.verdict,
                "note": c.note,
                "kind": c.kind,
                "specs": specs_of.get(c.id, []),
            }
        )
    return rows


def render_claims(rows, lang="en"):
    """CLAIMS.md (lang "en") or CLAIMS.zh.md ("zh": statements, notes and verdicts from
    specs/catalogue/zh/; headings are the tutorial's own, spec node ids unchanged)."""
    from .catalogue import EMPTY_HEADINGS, SECTIONS, zh
    from .harness import messages

    def t(key, **values):
        return messages.text(key, lang, **values)

    lines = [f"# {t('doc.title')}", "", t("doc.other"), "", t("doc.generated"), t("doc.verdicts"), ""]
    counts = {}
    for row in rows:
        counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
    items = [t("doc.count_item", n=n, verdict=messages.verdict(v, lang)) for v, n in sorted(counts.items())]
    lines.append(t("doc.count", total=len(rows), counts=t("doc.count_sep").join(items)))

    def heading_line(chapter, section):
        return f"## {section}" if chapter == section else f"## {chapter} › {section}"

    def why_empty(heading):
        return EMPTY_HEADINGS[heading] if lang == "en" else zh.EMPTY_HEADINGS[heading]

    empty = [h for h in SECTIONS if h in EMPTY_HEADINGS]
    current = None
    for row in rows:
        heading = (row["chapter"], row["section"])
        if heading != current:
            while empty and SECTIONS.index(empty[0]) < SECTIONS.index(heading):
                lines += ["", heading_line(*empty[0]), "", t("doc.no_claim", why=why_empty(empty.pop(0)))]
            current = heading
            lines += ["", heading_line(*heading), ""]
        lines.append(t("doc.claim", id=row["id"], verdict=messages.verdict(row["verdict"], lang), kind=messages.kind(row["kind"], lang)))
        statement, note = (row["statement"], row["note"]) if lang == "en" else (zh.statement(row["id"]), zh.note(row["id"]))
        lines.append(f"  {statement}")
        if note:
            lines.append(t("doc.note", note=note))
        if row["specs"]:
            lines.append(t("doc.specs", specs=", ".join(f"`{s}`" for s in row["specs"])))
    return "\n".join(lines) + "\n"


def render_contract():
    from .harness.contract import GEVENT_ROLE_NOTE, all_roles

    claims_of = {}
    for _, claim_ids, roles in collect_specs():
        for role in roles:
            claims_of.setdefault(role, set()).update(claim_ids)
    lines = [
        "# Implementation contract",
        "",
        "Generated by `python -m specs render` from the `ROLES` in `specs/catalogue/`; do not edit by hand.",
        "",
        "An implementation is a Python package (a folder with `__init__.py`, or an importable module name)",
        "passed to `pytest specs --impl`. Each role below is a top-level name of that package. A role the",
        "package does not define is reported *not implemented*; a role whose signature cannot take the",
        "arguments below stops the run with a one-line error. Importing the package must not start",
        "servers, threads or processes, and must not monkey-patch (patch inside the gevent role).",
        "",
        "Server roles receive a TCP socket that the harness has bound to 127.0.0.1 on a free port and put",
        "in listening state; they serve forever, in a child process that the harness kills after the spec.",
    ]
    for role in sorted(all_roles().values(), key=lambda r: r.name):
        lines += ["", f"## `{role.signature}`", "", role.summary]
        if role.methods:
            lines.append("")
            lines.append("Methods the specs call: " + ", ".join(f"`{m}({', '.join(a)})`" for m, a in role.methods.items()) + ".")
        if role.runs_in == "gevent":
            lines += ["", GEVENT_ROLE_NOTE]
        judged = sorted(claims_of.get(role.name, ()))
        lines += ["", "Judged by: " + (", ".join(f"`{c}`" for c in judged) if judged else "no spec yet") + "."]
    return "\n".join(lines) + "\n"


def _kit_commands(args):
    if args.command == "starter":
        from .harness import starter

        try:
            path = starter.create(args.folder, force=args.force)
        except (ValueError, FileExistsError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {path}\nnext: {layout.COMMAND} check {args.folder}")
        return 0
    from .harness import messages

    if args.command in ("html", "grade"):
        if args.lang is None:  # as the terminal report: the environment's locale
            args.lang = messages.lang_from_env(os.environ)
        try:
            messages.check_lang(args.lang)
        except ValueError as exc:
            print(f"error: --lang: {exc}", file=sys.stderr)
            return 2
    if args.command == "html":
        from .harness import htmlreport

        missing = [r for r in args.reports if not Path(r).exists()]
        if missing:
            print(f"error: no such report: {', '.join(missing)}", file=sys.stderr)
            return 2
        folder = Path(args.output).parent
        if not folder.is_dir():
            print(f"error: -o {args.output}: no folder {folder} to write it in", file=sys.stderr)
            return 2
        if Path(args.output).is_dir():
            print(f"error: -o {args.output}: is a folder; give a file, such as {Path(args.output) / 'results.html'}", file=sys.stderr)
            return 2
        for report in args.reports:
            try:
                htmlreport.read(report)
            except ValueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        try:
            htmlreport.write(args.reports, args.output, title=args.title, lang=args.lang)
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"wrote {args.output}")
        return 0
    from .harness import grading

    if not Path(args.submissions).is_dir():
        print(f"error: {args.submissions} is not a folder", file=sys.stderr)
        return 2
    ids = None
    if args.ids:
        try:
            ids = grading.read_ids(args.ids)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read the student ids in {args.ids}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 2
    try:
        results = grading.grade(args.submissions, args.output, jobs=args.jobs, timeout=args.timeout, pytest_args=args.pytest_args,
                                unsafe_no_sandbox=args.unsafe_no_sandbox, ids=ids, lang=args.lang)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"graded {len(results)} submissions: {args.output}/results.html, {args.output}/gradebook.csv")
    return 0


def _positive(kind):
    """An argparse type: a number above zero (a count, seconds), with a one-line error otherwise."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not value > 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {'whole ' if kind is int else ''}number above 0")
        return value
    return parse


def _check(package, options):
    if any(o == "--impl" or o.startswith("--impl=") for o in options):
        print(f"error: the package is the argument of check: {layout.COMMAND} check PACKAGE, without --impl", file=sys.stderr)
        return 2
    import subprocess

    # a pytest of its own: this process has imported the tool, which pytest would then not rewrite;
    # --impl=X in one word: pytest would take a separate X for a folder to look for settings in
    args, _ = layout.pytest_run(*([f"--impl={package}"] if package else []), *options)
    return subprocess.call([sys.executable, "-m", "pytest", *args])


def _integration_commands(args):
    """gradescope and classroom: files an LMS or a CI runs; bad input is one line and exit 2."""
    if args.command == "gradescope":
        from .harness import gradescope

        try:
            path = gradescope.build_autograder(args.output, rubric_path=args.rubric, wheel=args.wheel)
        except (ValueError, OSError) as exc:  # RubricError is a ValueError
            print(f"error: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 2
        print(f"wrote {path}: upload it as the assignment's autograder on Gradescope")
        return 0
    from .harness import classroom

    try:
        text = classroom.workflow(package=args.package, wheel=args.wheel)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.output is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    if target.is_dir():
        print(f"error: -o {args.output}: is a folder; give a file, such as {target / 'netspecs.yml'}", file=sys.stderr)
        return 2
    if target.exists() and not args.force:
        print(f"error: -o {args.output}: exists; --force overwrites it", file=sys.stderr)
        return 2
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # .github/workflows of a fresh repository
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {target}; fill in NETSPECS_WHEEL and NETSPECS_PACKAGE at its top unless given")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog=layout.COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="judge one package: the claims table, and pytest's report of each spec")
    chk.add_argument("package", nargs="?", default=None,
                     help="the package to judge: a folder with __init__.py, a .py file, or a module name (default: the reference, in the instructor's edition)")
    chk.add_argument("options", nargs=argparse.REMAINDER, help="pytest options: --claim PREFIX, --claims-report PATH, -n 0, -x ...")
    cat = sub.add_parser("catalog", help="print the claim catalogue")
    cat.add_argument("--json", action="store_true", help="as a JSON list")
    ren = sub.add_parser("render", help="write CLAIMS.md, CLAIMS.zh.md and CONTRACT.md")
    ren.add_argument("--check", action="store_true", help="only check that they are current")
    sta = sub.add_parser("starter", help="create a student package with every role stubbed")
    sta.add_argument("folder", help="the package folder to create (its name is the package name)")
    sta.add_argument("--force", action="store_true", help="overwrite an existing __init__.py")
    htm = sub.add_parser("html", help="one HTML page from one or more claims reports (JSON)")
    htm.add_argument("reports", nargs="+", help="files written by pytest specs --claims-report")
    htm.add_argument("-o", "--output", default="results.html")
    htm.add_argument("--title", default=None, help="the page's title (default: Tutorial claims: results, in --lang)")
    htm.add_argument("--lang", default=None, metavar="zh|en",
                     help="the pages' language (default: Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh, else English)")
    gra = sub.add_parser("grade", help="judge a folder of student packages; HTML page and CSV gradebook")
    gra.add_argument("submissions", help="a folder of package folders (or .py files), one per student")
    gra.add_argument("-o", "--output", default="grades", help="folder for results.html, gradebook.csv, reports/")
    gra.add_argument("--jobs", type=_positive(int), default=None,
                     help="submissions judged at once (default: twice the CPU count, at most 4)")
    gra.add_argument("--timeout", type=_positive(float), default=3600.0, help="seconds for one student's whole run")
    gra.add_argument("--ids", metavar="CSV", default=None,
                     help="student ids for the gradebook: rows of `folder name,student id` (default: the folder name)")
    gra.add_argument("--lang", default=None, metavar="zh|en",
                     help="the language of the pages and of each student's reasons (default: Chinese when LC_ALL, "
                          "LC_MESSAGES or LANG starts with zh, else English)")
    gra.add_argument("--unsafe-no-sandbox", action="store_true",
                     help="grade even where bubblewrap cannot run (student code can then read files and open connections)")
    gra.epilog = "Extra pytest arguments go after --, e.g. -- --claim queue. --timeout 30"
    gsc = sub.add_parser("gradescope", help="build a Gradescope autograder zip")
    gsc.add_argument("-o", "--output", default="autograder.zip", help="the zip to write")
    gsc.add_argument("--rubric", default=None, help="rubric TOML: weights and visibility per claim (default: 1 point per role claim)")
    gsc.add_argument("--wheel", default=None, help="the netspecs student-edition wheel to ship (default: build it)")
    cla = sub.add_parser("classroom", help="print a GitHub Actions workflow for GitHub Classroom")
    cla.add_argument("-o", "--output", default=None, help="write it there (.github/workflows/netspecs.yml) instead of printing it")
    cla.add_argument("--package", default=None, help="the student's package folder in the repository")
    cla.add_argument("--wheel", default=None, help="URL or repository path of the netspecs student wheel")
    cla.add_argument("--force", action="store_true", help="overwrite an existing -o file")
    whl = sub.add_parser("wheel", help="(a checkout only) build the student or the instructor edition's wheel")
    whl.add_argument("--edition", choices=("student", "instructor"), default="student",
                     help="student: no reference implementation (default); instructor: what pip install . installs")
    whl.add_argument("-o", "--output", default="dist", help="folder for the wheel (default: dist)")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"] and not {"-h", "--help"} & set(argv[1:]):
        # everything after the package is pytest's: argparse would refuse the options it does not know
        rest = argv[1:]
        package = rest.pop(0) if rest and not rest[0].startswith("-") else None
        return _check(package, rest)
    extra = []
    if "--" in argv:  # grade: what follows goes to each pytest run
        argv, extra = argv[: argv.index("--")], argv[argv.index("--") + 1:]
    args = parser.parse_args(argv)
    args.pytest_args = extra
    if args.command == "wheel":
        from .harness import editions

        try:
            print(f"wrote {editions.build_wheel(args.output, args.edition)}")
        except (editions.BuildError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    if args.command in ("starter", "html", "grade"):
        return _kit_commands(args)
    if args.command in ("gradescope", "classroom"):
        return _integration_commands(args)
    if args.command == "catalog":
        rows = catalogue_rows()
        if args.json:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            for row in rows:
                print(f"{row['id']:<60} {row['verdict']:<15} {row['section']}")
        return 0
    if ROOT is None:
        print("error: render writes CLAIMS.md, CLAIMS.zh.md and CONTRACT.md into a checkout of netspecs; this is an installed copy", file=sys.stderr)
        return 2
    rows = catalogue_rows()
    outputs = {ROOT / "CLAIMS.md": render_claims(rows), ROOT / "CLAIMS.zh.md": render_claims(rows, "zh"),
               ROOT / "CONTRACT.md": render_contract()}
    stale = [p.name for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        if stale:
            print(f"stale: {', '.join(stale)}; run `python -m specs render`", file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    print("wrote " + ", ".join(p.name for p in outputs))
    return 0


def run():
    """main(), but a reader that stops early (`python -m specs catalog | head -1`) ends it quietly."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # stdout's buffer still holds output for the closed pipe: point it at /dev/null so that
        # flushing it at exit raises nothing either; exit as a process killed by SIGPIPE would
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 128 + 13
    return code


if __name__ == "__main__":
    sys.exit(run())
