"""Batch grading: every student package of a folder, judged in parallel, into one HTML page and a
CSV gradebook.

    python -m specs grade submissions/ -o grades/ [--jobs N] [--timeout S] [-- extra pytest args]

Each submission (a package folder with ``__init__.py``, or a single ``.py`` file) is judged by its
own ``pytest specs --impl <it>`` process, in its own session (process group), so submissions never
share an interpreter; up to ``--jobs`` (default: twice the cores, at most 4) run at once. Timing specs
still run alone: the runs share one CPU turnstile (``SPECS_TURNSTILE``), so a timing spec of one
student never runs beside another student's spec. Runs use the ``ci`` Hypothesis profile
(derandomized, no example database), so grades do not depend on the order of the submissions.

Writes into the output folder: ``results.html`` (see htmlreport), ``gradebook.csv`` (one row per
student, one column per tutorial section: the number of claims passed), and per student
``students/<name>.html`` (their failing claims with the reasons), ``reports/<name>.json``,
``junit/<name>.xml`` and ``logs/<name>.txt``.
"""
import concurrent.futures
import contextlib
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import htmlreport, isolation, layout, messages, starter

DEFAULT_TIMEOUT = 3600.0  # seconds for one student's whole run


LINK = "a symbolic link (copy the submission itself into the folder)"


def find_submissions(folder):
    """[(name, path)] of the packages and modules in folder, sorted by name."""
    return [(name, path) for name, path, why in find_entries(folder) if why is None]


def find_entries(folder):
    """[(name, path, why not judged or None)] for every entry of folder a student may have handed
    in: a package, a module, and also a folder that is neither (it still gets a gradebook row)."""
    found = []
    for path in sorted(Path(folder).iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_symlink():  # a student's link to a classmate's folder or the reference is no answer
            if path.is_dir() or path.suffix == ".py":
                found.append((path.stem if path.suffix == ".py" else path.name, path, LINK))
            continue
        if path.is_dir():
            if (path / "__init__.py").exists():
                found.append((path.name, path, None))
            elif not any(path.iterdir()):
                found.append((path.name, path, "an empty folder"))
            else:
                found.append((path.name, path, "a folder without __init__.py (not a package)"))
        elif path.is_file() and path.suffix == ".py":
            found.append((path.stem, path, None))
    return found


def importable_copy(name, path, workdir):
    """The path to judge: the submission itself when its name can be imported, else a copy under a
    valid, clash-free module name (students name folders 'alice-smith' or 'queue')."""
    if name.isidentifier() and not _shadows_something(name):
        return path
    safe = "student_" + re.sub(r"\W", "_", name)
    target = Path(workdir) / safe / (safe + (".py" if path.is_file() else ""))
    target.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        shutil.copytree(path, target, symlinks=True, dirs_exist_ok=True)  # a link stays a link: in the sandbox it leads nowhere
    else:
        shutil.copy2(path, target)
    return target


def _shadows_something(name):
    if name in sys.builtin_module_names or name in getattr(sys, "stdlib_module_names", ()):
        return True
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def run_one(name, path, out, *, timeout=DEFAULT_TIMEOUT, pytest_args=(), turnstile=None, workdir=None, lang=None):
    """Judge one submission; returns a summary dict (and leaves its report files in `out`). `lang`:
    the language of the run's reasons (pytest's --lang; None: the run's own default)."""
    out = Path(out)
    report = out / "reports" / f"{name}.json"
    junit = out / "junit" / f"{name}.xml"
    log = out / "logs" / f"{name}.txt"
    for folder in (report.parent, junit.parent, log.parent):
        folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        report.unlink()
    target = importable_copy(name, Path(path), workdir or out / "work")
    repro = out / "repro" / name
    shutil.rmtree(repro, ignore_errors=True)
    repro.parent.mkdir(parents=True, exist_ok=True)
    args, cwd = layout.pytest_run(
        "-q", "-p", "no:cacheprovider", "--no-header",
        "-n", "0",  # submissions already run side by side, one per core
        f"--impl={target}", "--repro", str(repro), "--claims-report", str(report), "--junitxml", str(junit),
        "--hypothesis-profile", "ci", *(["--lang", lang] if lang else []), *pytest_args,
    )
    cmd = [sys.executable, "-m", "pytest", *args]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(layout.IMPORT_ROOT), os.environ.get("PYTHONPATH")]))
    if turnstile:
        env["SPECS_TURNSTILE"] = turnstile
    # no subject sees the grades, the reports or the other submissions: a sandbox shows none of the host's folders
    started, wall_start = time.monotonic(), time.time()
    status = "ok"
    with open(log, "wb") as sink:
        proc = subprocess.Popen(cmd, cwd=cwd or str(out), stdout=sink, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            status = f"timed out after {timeout:.0f} s"
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # whatever the run left behind
            proc.wait()
    elapsed = time.monotonic() - started
    _keep_reproducers_runnable(repro, target)
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        data["implementation"] = name
        if status != "ok":
            data["error"] = status
    else:
        text = log.read_text(encoding="utf-8", errors="replace")
        errors = [line[len("ERROR:"):].strip() for line in text.splitlines() if line.startswith("ERROR:")]
        why = status if status != "ok" else (errors[0] if errors else f"pytest exited with code {proc.returncode}")
        status = "not judged"
        data = {"implementation": name, "error": why, "claims": []}
    report.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"name": name, "status": status, "exit": proc.returncode, "seconds": round(elapsed, 1), "report": report,
            "started": wall_start, "ended": wall_start + elapsed}


def _keep_reproducers_runnable(repro, target):
    """The scripts import the package copy that was judged, which lives in a work folder that
    goes: a copy of it goes beside them, and they import that one."""
    scripts = sorted(repro.glob("*.py")) if repro.is_dir() else []
    if not scripts or not target.exists():
        return
    kept = repro / target.name
    if target.is_dir():
        shutil.copytree(target, kept, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copy2(target, kept)
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        script.write_text(text.replace(repr(str(target.parent)), repr(str(repro.resolve())))  # imported in the script
                          .replace(repr(str(target)), repr(str(kept.resolve())))  # loaded into a subject
                          .replace(f"--impl={target}", f"--impl={kept.resolve()}"), encoding="utf-8")


def add_runtime_claims(student_reports, runtime_report):
    """Into each student's report (judged on their roles only), the batch's verdicts on the Python
    runtime: its runtime-subject claims, and the runtime's outcome of claims judged on both."""
    from .claims import catalogue_by_id

    try:
        runtime = json.loads(Path(runtime_report).read_text(encoding="utf-8")).get("claims", [])
    except (OSError, ValueError):
        return
    order = {claim_id: i for i, claim_id in enumerate(catalogue_by_id())}  # tutorial order
    for path in map(Path, student_reports):
        try:
            student = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not student.get("claims"):
            continue  # not judged: no verdict of anyone's to add to
        mine = {row["id"]: row for row in student["claims"]}
        for row in runtime:
            if row["id"] not in mine and row.get("subject") == "runtime":
                student["claims"].append(row)
            elif row["id"] in mine and mine[row["id"]].get("runtime_outcome") is None:
                mine[row["id"]]["runtime_outcome"] = row.get("runtime_outcome") or (row["outcome"] if row.get("subject") == "runtime" else None)
        student["claims"].sort(key=lambda row: order.get(row["id"], len(order)))
        path.write_text(json.dumps(student, ensure_ascii=False, indent=1), encoding="utf-8")


def sections():
    """(chapter, section) of the catalogue that have executable claims, in tutorial order."""
    from .claims import load_catalogue

    seen = []
    for c in load_catalogue():
        if c.executable and (c.chapter, c.section) not in seen:
            seen.append((c.chapter, c.section))
    return seen


def section_label(chapter, section):
    return section if chapter == section else f"{chapter} › {section}"


def gradebook_rows(reports, ids=None):
    """One dict per report: student id, student, status, points per section, totals and counts."""
    heads = sections()
    rows = []
    for report in reports:
        student = report.get("implementation", "?")
        row = {"student_id": (ids or {}).get(student, student), "student": student, "status": report.get("error") or "ok"}
        counts = dict.fromkeys(heads, 0)
        for claim in report.get("claims", []):
            # a student's grade counts only the claims judged on their roles, one point per (claim,
            # role): a claim of the nine servers is nine points, a role the package lacks is a point
            # not earned (the results page's score is the same)
            key = (claim["chapter"], claim["section"])
            if key in counts:
                counts[key] += sum(1 for outcome in htmlreport.role_outcomes(claim).values() if outcome == "pass")
        for key in heads:
            row[section_label(*key)] = counts[key]
        row.update(htmlreport.score(report))
        if row["undecided"] and row["status"] == "ok":
            row["status"] = undecided_status(row["undecided"])
        rows.append(row)
    return rows


GRADE_AGAIN = "grade again with a larger --timeout or fewer --jobs"


def undecided_status(count):
    """A row whose grade is not final: a point the judge could not decide (its time ran out on a busy
    machine, or the spec could not run) is not earned, and grading the student again may earn it."""
    return f"not final: {count} point(s) undecided (error); {GRADE_AGAIN}"


GRADEBOOK_TOTALS = ["passed", "judged", "failed", "undecided", "not_implemented", "percent"]


def write_gradebook(reports, path, ids=None):
    """Write the CSV an LMS imports (Canvas, Moodle, Excel): UTF-8 with a BOM (Excel reads the Chinese
    headers right), one row per student, points per section, totals; no cell starts a formula.
    Returns the rows (gradebook_rows)."""
    rows = gradebook_rows(reports, ids)
    fields = ["student_id", "student", "status"] + [section_label(*k) for k in sections()] + GRADEBOOK_TOTALS
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return rows


def _cell(value):
    """A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def read_ids(path):
    """A mapping file: CSV rows `folder name,student id` (a header row is allowed)."""
    ids = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            if len(row) >= 2 and row[0].strip() and row[0].strip().lower() not in ("student", "folder", "name"):
                ids[row[0].strip()] = row[1].strip()
    return ids


def _name_junit_suites(junit, name):
    """JUnit suites named after the student, so files merged from a class do not collide."""
    import xml.etree.ElementTree as ET

    try:
        tree = ET.parse(junit)
    except (OSError, ET.ParseError):
        return
    root = tree.getroot()
    for suite in ([root] if root.tag == "testsuite" else []) + root.findall("testsuite"):
        suite.set("name", name)
    tree.write(junit, encoding="utf-8", xml_declaration=True)


# A student's run keeps about 40 % of a core busy (its specs mostly wait: a settle window, a
# peer, a pause), so twice the cores keep them busy; its timing specs still run alone.
DEFAULT_JOBS = min(4, 2 * (os.cpu_count() or 1))


def grade(folder, out, *, jobs=None, timeout=DEFAULT_TIMEOUT, pytest_args=(), progress=print, unsafe_no_sandbox=False, ids=None,
          lang=None):
    """Judge every submission of folder; write results.html and gradebook.csv into out. `lang`
    ("en" or "zh"; None: the environment's locale, messages.lang_from_env): the pages' language
    and each run's (the reasons in it)."""
    from . import sandbox

    lang = messages.check_lang(lang or messages.lang_from_env(os.environ))
    if sandbox.containment() != sandbox.BUBBLEWRAP and not unsafe_no_sandbox:
        raise ValueError("bubblewrap cannot run here, so student code would not be sandboxed "
                         "(Debian: apt-get install bubblewrap); pass --unsafe-no-sandbox to grade anyway")
    out = Path(out)
    entries = find_entries(folder)
    submissions = [(name, path) for name, path, why in entries if why is None]
    if not submissions:
        raise ValueError(f"{folder}: no submissions (package folders with __init__.py, or .py files)")
    names = [n for n, _ in submissions]
    if len(set(names)) != len(names):
        raise ValueError(f"{folder}: two submissions share a name: {sorted(n for n in names if names.count(n) > 1)}")
    try:  # only once the submissions are known good: a refused run leaves no empty folder behind
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"-o {out}: cannot create it: {exc.strerror or exc}") from None
    jobs = max(1, jobs or DEFAULT_JOBS)
    # a caller's turnstile (grading beside other runs of the suite) is shared, not replaced
    inherited = os.environ.get("SPECS_TURNSTILE")
    turnstile = inherited or os.path.join(tempfile.gettempdir(), f"netspecs-grade-{os.getpid()}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="netspecs-grade-") as workdir:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool, \
                concurrent.futures.ThreadPoolExecutor(max_workers=1) as aside:
            # the Python runtime's claims are the same for every student: judged once, on a
            # starter kit (no role of anyone's), beside the students' runs (which judge their
            # roles only; --jobs of them at a time still)
            kit = starter.create(Path(workdir) / "runtime" / "runtime_facts").parent
            runtime = aside.submit(run_one, "runtime_facts", kit, out / "runtime", timeout=timeout,
                                  pytest_args=[*pytest_args, "--subjects", "runtime"], turnstile=turnstile, workdir=workdir,
                                  lang=lang)
            futures = {
                pool.submit(run_one, name, path, out, timeout=timeout, pytest_args=[*pytest_args, "--subjects", "roles"],
                            turnstile=turnstile, workdir=workdir, lang=lang): name
                for name, path in submissions
            }
            started, total = time.monotonic(), len(futures)
            for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
                result = future.result()
                results[result["name"]] = result
                _name_junit_suites(out / "junit" / f"{result['name']}.xml", result["name"])
                left = (time.monotonic() - started) / done * (total - done)
                eta = f", about {left / 60:.0f} min left" if done < total else ""
                progress(f"[{done}/{total}] {result['name']}: {result['status']} ({result['seconds']} s){eta}")
        runtime_run = runtime.result()
        progress(f"the Python runtime's claims: judged once ({runtime_run['seconds']} s)")
    if not inherited:
        isolation.remove_turnstile(turnstile)
    add_runtime_claims([result["report"] for result in results.values()], runtime_run["report"])
    for name, _, why in entries:  # every folder handed in has its row, judged or not
        if why is not None and name not in results:
            report = out / "reports" / f"{name}.json"
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(json.dumps({"implementation": name, "error": f"not judged: {why}", "claims": []}), encoding="utf-8")
            results[name] = {"name": name, "status": "not judged", "exit": None, "seconds": 0.0, "report": report}
            names.append(name)
            progress(f"{name}: not judged ({why})")
    names.sort()
    reports = htmlreport.load([results[n]["report"] for n in names])
    htmlreport.write([results[n]["report"] for n in names], out / "results.html",
                     title=messages.text("html.grades_title", lang, folder=Path(folder).name), students=out / "students", lang=lang)
    rows = write_gradebook(reports, out / "gradebook.csv", ids)
    unsettled = [row["student"] for row in rows if row["undecided"]]
    if unsettled:
        progress(f"not final: {len(unsettled)} student(s) have points the judge could not decide (error), "
                 f"counted as not earned: {', '.join(unsettled)}; {GRADE_AGAIN}")
    return [results[n] for n in names]
