"""Gradescope: an autograder zip that judges each submission with the specs, and the results.json
Gradescope shows the student.

    python -m specs gradescope -o autograder.zip [--rubric rubric.toml] [--wheel PATH]
    python -m netspecs.harness.gradescope run --submission DIR --results results.json [--rubric FILE]

The zip holds ``setup.sh`` (run once when Gradescope builds the image: bubblewrap, a venv, the
netspecs student wheel), ``run_autograder`` (run for every submission: calls ``run`` above), the
rubric and the wheel. ``run`` finds the student's package in the submission, judges it with
``pytest specs --impl <it> --claims-report <json>`` (the ``ci`` profile) and turns the claims
report into Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
one test per claim judged on the student's roles, worth the rubric's weight; claims about the
Python runtime itself and not-executable claims are no one's points and appear only in the
summary.

The rubric (TOML; every key optional)::

    default_weight = 1                  # points of a claim no entry names
    claims = ["queue.", "pool."]        # judge only these claim ids / id prefixes (default: all)
    stdout_visibility = "hidden"        # who sees the pytest output (default: hidden)
    lang = "zh"                         # the students' language: test names, reasons, hints (default: en)
    [weights]                           # a claim id, an id prefix, a section or a chapter
    "queue.fifo" = 3
    "server." = 2
    "多任务 › 进程" = 2
    [visibility]                        # visible | hidden | after_due_date | after_published
    "server." = "after_published"

For a claim, an exact id wins over an id prefix (the longest first), a prefix over a section
(as the gradebook labels it, or its bare name), a section over a chapter.
"""
import argparse
import contextlib
import functools
import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from . import grading, layout, messages
from .claims import load_catalogue

PACKAGE = layout.PACKAGE
INSTALLED_PACKAGE = "netspecs"  # the name the student-edition wheel installs the specs under
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
RUBRIC_KEYS = ("default_weight", "claims", "stdout_visibility", "lang", "weights", "visibility")
DEFAULT_TIMEOUT = 1800.0  # seconds for the whole run: below Gradescope's longest limit (40 min)
INTERRUPT_GRACE = 60.0  # seconds pytest gets after SIGINT to write the report of what it judged
NOT_ANSWERS = ("tests", "test", "docs", "examples", "scripts")  # folders a repository holds beside its package
RUBRIC_NAME = "rubric.toml"  # the rubric's name inside the zip

DEFAULT_RUBRIC = """\
# netspecs rubric for Gradescope. With no entries, every claim judged on the student's roles is
# worth 1 point. Keys: a claim id ("queue.fifo"), an id prefix ("server."), a section as the
# gradebook labels it ("多任务 › 进程") or a chapter ("队列"); ids and prefixes must be quoted.
# python -m specs catalog lists the claims.

# default_weight = 1
# claims = ["queue.", "pool."]          # judge only these claims (default: all)
# stdout_visibility = "hidden"          # the pytest output: hidden | visible | after_due_date | after_published
# lang = "zh"                           # what students read (test names, reasons, hints): en | zh

# [weights]
# "queue.fifo" = 3
# "server." = 2

# [visibility]                          # visible | hidden | after_due_date | after_published
# "server." = "after_published"
"""


class RubricError(ValueError):
    """The rubric cannot be used; the message is one line for the instructor."""


# -- the rubric ---------------------------------------------------------------------------------


class Rubric:
    def __init__(self, default_weight=1.0, claims=(), stdout_visibility="hidden", weights=None, visibility=None,
                 catalogue=None, lang=messages.DEFAULT):
        self.default_weight = default_weight
        self.lang = lang
        self.claims = list(claims)
        self.stdout_visibility = stdout_visibility
        self.weights = dict(weights or {})
        self.visibility = dict(visibility or {})
        self.catalogue = catalogue if catalogue is not None else load_catalogue()

    def weight_of(self, claim_id):
        return self._lookup(self.weights, claim_id, self.default_weight)

    def visibility_of(self, claim_id):
        return self._lookup(self.visibility, claim_id, "visible")

    def _lookup(self, table, claim_id, default):
        claim = next((c for c in self.catalogue if c.id == claim_id), None)
        best, best_rank = default, None
        for key, value in table.items():
            rank = _specificity(key, claim_id, claim)
            if rank is not None and (best_rank is None or rank > best_rank):
                best, best_rank = value, rank
        return best


def _specificity(key, claim_id, claim):
    """How closely key names the claim (higher wins), or None if it does not name it."""
    if key == claim_id:
        return (4, 0)
    if claim_id.startswith(key):
        return (3, len(key))
    if claim is not None and key in (grading.section_label(claim.chapter, claim.section), claim.section):
        return (2, 0)
    if claim is not None and key == claim.chapter:
        return (1, 0)
    return None


def load_rubric(path=None, catalogue=None):
    """The Rubric of a TOML file (None: every role claim worth 1). Raises RubricError."""
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if path is None:
        return Rubric(catalogue=catalogue)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"rubric {path}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = parse_toml(text)
    except ValueError as exc:
        raise RubricError(f"rubric {path}: not valid TOML: {_one_line(exc)}") from None
    return rubric_from_data(data, catalogue, where=f"rubric {path}")


def rubric_from_data(data, catalogue, where="rubric"):
    unknown = sorted(set(data) - set(RUBRIC_KEYS))
    if unknown:
        raise RubricError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(RUBRIC_KEYS)})")
    ids = [c.id for c in catalogue]
    names = set()
    for c in catalogue:
        names.update((grading.section_label(c.chapter, c.section), c.section, c.chapter))

    def check_key(key, table):
        if not key.strip():
            raise RubricError(f"{where}: [{table}] has an empty key")
        if key in ids or any(i.startswith(key) for i in ids) or key in names:
            return
        raise RubricError(f"{where}: [{table}] {key!r} is no claim id, id prefix, section or chapter "
                          "(python -m specs catalog lists them; quote ids: \"queue.fifo\" = 3)")

    default_weight = _weight(data.get("default_weight", 1), f"{where}: default_weight")
    claims = data.get("claims", [])
    if not isinstance(claims, list) or not all(isinstance(p, str) and p for p in claims):
        raise RubricError(f"{where}: claims must be a list of claim ids or id prefixes, such as [\"queue.\"]")
    for prefix in claims:
        if not any(i.startswith(prefix) for i in ids):
            raise RubricError(f"{where}: claims: {prefix!r} matches no claim id (python -m specs catalog lists them)")
    stdout_visibility = data.get("stdout_visibility", "hidden")
    if stdout_visibility not in VISIBILITIES:
        raise RubricError(f"{where}: stdout_visibility {stdout_visibility!r} is not one of {', '.join(VISIBILITIES)}")
    lang = data.get("lang", messages.DEFAULT)
    if lang not in messages.LANGS:
        raise RubricError(f"{where}: lang {lang!r} is not one of {', '.join(messages.LANGS)}")
    weights, visibility = {}, {}
    for table, target in (("weights", weights), ("visibility", visibility)):
        entries = data.get(table, {})
        if not isinstance(entries, dict):
            raise RubricError(f"{where}: {table} must be a table ([{table}])")
        for key, value in _flatten(entries).items():
            check_key(key, table)
            if table == "weights":
                target[key] = _weight(value, f"{where}: [weights] {key!r}")
            elif value not in VISIBILITIES:
                raise RubricError(f"{where}: [visibility] {key!r} = {value!r} is not one of {', '.join(VISIBILITIES)}")
            else:
                target[key] = value
    return Rubric(default_weight, claims, stdout_visibility, weights, visibility, catalogue, lang)


def _weight(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RubricError(f"{what}: a weight must be a number, got {value!r}")
    if value < 0 or value != value:
        raise RubricError(f"{what}: a weight must not be negative, got {value!r}")
    return float(value)


def _flatten(table, prefix=""):
    """Unquoted dotted keys (queue.fifo = 3) are nested tables in TOML: back into dotted keys."""
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _one_line(exc):
    return " ".join(str(exc).split())


def parse_toml(text):
    """tomllib (3.11+) or tomli where there is one; else the small subset a rubric needs."""
    try:
        import tomllib as toml
    except ImportError:
        try:
            import tomli as toml
        except ImportError:
            return parse_toml_subset(text)
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_NUMBER = re.compile(r"[+-]?(\d[\d_]*)(\.\d[\d_]*)?([eE][+-]?\d+)?")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def parse_toml_subset(text):
    """TOML as a rubric writes it, for Pythons without tomllib: comments, [tables], key = value
    with bare, dotted or quoted keys; values: strings, numbers, booleans and (possibly multi-line)
    arrays of them. Anything else is a ValueError naming the line."""
    data = {}
    table = data
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line_no, line = number + 1, lines[number]
        number += 1
        reader = _Reader(line, line_no)
        reader.skip_space()
        if reader.at_end_or_comment():
            continue
        if reader.peek() == "[":
            reader.take("[")
            path = reader.key_path()
            reader.take("]")
            reader.expect_end()
            table = data
            for part in path:
                table = table.setdefault(part, {})
                if not isinstance(table, dict):
                    raise ValueError(f"line {line_no}: {'.'.join(path)} is already a value")
            continue
        path = reader.key_path()
        reader.take("=")
        # an array may go on over the next lines: read until its brackets close
        while True:
            try:
                value = _Reader(reader.rest(), line_no).value_then_end()
                break
            except _Unfinished:
                if number >= len(lines):
                    raise ValueError(f"line {line_no}: an array that never closes") from None
                reader = _Reader(reader.rest() + "\n" + lines[number], line_no)
                number += 1
        target = table
        for part in path[:-1]:
            target = target.setdefault(part, {})
        if path[-1] in target:
            raise ValueError(f"line {line_no}: key {'.'.join(path)!r} is given twice")
        target[path[-1]] = value
    return data


class _Unfinished(ValueError):
    """The text ended inside an array."""


class _Reader:
    def __init__(self, text, line_no):
        self.text, self.pos, self.line_no = text, 0, line_no

    def error(self, what):
        return ValueError(f"line {self.line_no}: {what}")

    def peek(self):
        return self.text[self.pos:self.pos + 1]

    def rest(self):
        return self.text[self.pos:]

    def skip_space(self, newlines=False):
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch in " \t" or newlines and ch in "\r\n":
                self.pos += 1
            elif newlines and ch == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                break

    def at_end_or_comment(self):
        return self.pos >= len(self.text) or self.peek() == "#"

    def take(self, token):
        self.skip_space()
        if not self.text.startswith(token, self.pos):
            raise self.error(f"expected {token!r} at {self.rest()[:20]!r}")
        self.pos += len(token)

    def expect_end(self):
        self.skip_space()
        if not self.at_end_or_comment():
            raise self.error(f"unexpected {self.rest()[:20]!r}")

    def key_path(self):
        parts = [self.key()]
        while True:
            self.skip_space()
            if self.peek() != ".":
                return parts
            self.pos += 1
            parts.append(self.key())

    def key(self):
        self.skip_space()
        if self.peek() in ('"', "'"):
            return self.string()
        found = _BARE_KEY.match(self.text, self.pos)
        if not found:
            raise self.error(f"expected a key at {self.rest()[:20]!r}")
        self.pos = found.end()
        return found.group()

    def string(self):
        quote = self.peek()
        self.pos += 1
        out = []
        while True:
            if self.pos >= len(self.text) or self.text[self.pos] == "\n":
                raise self.error("a string that never closes")
            ch = self.text[self.pos]
            self.pos += 1
            if ch == quote:
                return "".join(out)
            if ch == "\\" and quote == '"':
                code = self.text[self.pos:self.pos + 1]
                self.pos += 1
                if code in _ESCAPES:
                    out.append(_ESCAPES[code])
                elif code in ("u", "U"):
                    size = 4 if code == "u" else 8
                    digits = self.text[self.pos:self.pos + size]
                    if not re.fullmatch(r"[0-9A-Fa-f]{%d}" % size, digits):
                        raise self.error(f"bad escape \\{code}{digits}")
                    out.append(chr(int(digits, 16)))
                    self.pos += size
                else:
                    raise self.error(f"bad escape \\{code}")
            else:
                out.append(ch)

    def value_then_end(self):
        value = self.value()
        self.expect_end()
        return value

    def value(self):
        self.skip_space()
        ch = self.peek()
        if ch in ('"', "'"):
            if self.text.startswith(ch * 3, self.pos):
                raise self.error("multi-line strings are not supported here (Python < 3.11 without tomli)")
            return self.string()
        if ch == "[":
            self.pos += 1
            items = []
            while True:
                self.skip_space(newlines=True)
                if self.pos >= len(self.text):
                    raise _Unfinished()
                if self.peek() == "]":
                    self.pos += 1
                    return items
                items.append(self.value())
                self.skip_space(newlines=True)
                if self.pos >= len(self.text):
                    raise _Unfinished()
                if self.peek() == ",":
                    self.pos += 1
                elif self.peek() != "]":
                    raise self.error(f"expected ',' or ']' at {self.rest()[:20]!r}")
        for word, value in (("true", True), ("false", False)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return value
        found = _NUMBER.match(self.text, self.pos)
        if found and found.group():
            self.pos = found.end()
            literal = found.group().replace("_", "")
            return float(literal) if found.group(2) or found.group(3) else int(literal)
        raise self.error(f"expected a value at {self.rest()[:20]!r}")


# -- claims report -> results.json ---------------------------------------------------------------


def results_from_report(report, rubric, execution_time=None):
    """Gradescope's results.json (a dict) for one claims report."""
    catalogue = rubric.catalogue
    heads = []
    for c in catalogue:
        if (c.chapter, c.section) not in heads:
            heads.append((c.chapter, c.section))
    number, count = {}, {}  # claim id -> "section number.claim number": the same for every student
    for c in catalogue:
        key = (c.chapter, c.section)
        count[key] = count.get(key, 0) + 1
        number[c.id] = f"{heads.index(key) + 1}.{count[key]}"
    tests, runtime, not_executable, unjudged, missing = [], [], [], [], 0
    for claim in report.get("claims", []):
        if claim["outcome"] == "not-executable":
            not_executable.append(claim)
            continue
        if claim.get("subject", "roles") != "roles":
            runtime.append(claim)
            continue
        test = _test_of(claim, rubric, number.get(claim["id"], ""))
        if test is None:
            unjudged.append(claim)
        else:
            tests.append(test)
            missing += claim["outcome"] == "not-implemented"
    score = round(sum(t["score"] for t in tests), 4)
    result = {
        "score": score,
        "output": _summary(report, tests, missing, runtime, not_executable, unjudged, rubric.lang),
        "output_format": "text",  # the summary quotes student text (a SyntaxError line): no HTML
        "visibility": "visible",
        "stdout_visibility": rubric.stdout_visibility,
        "extra_data": {
            "implementation": report.get("implementation"),
            "containment": report.get("containment"),
            "python": report.get("python"),
            "passed": sum(1 for t in tests if t["status"] == "passed"),
            "judged": len(tests),
        },
        "tests": tests,
    }
    if execution_time is not None:
        result["execution_time"] = int(round(execution_time))
    return result


def _test_of(claim, rubric, number):
    """One Gradescope test for a claim judged on roles, or None when no role of it was judged
    here (all skipped on this platform). A claim of several roles earns its weight in proportion
    to the roles that pass; a role the package lacks earns nothing."""
    outcomes = {k: v for k, v in (claim.get("subjects") or {"": claim["outcome"]}).items() if k != "runtime"}
    if not outcomes:
        outcomes = {"": claim["outcome"]}
    judged = {role: o for role, o in outcomes.items() if o != "skipped"}
    if not judged:
        return None
    passed = sum(1 for o in judged.values() if o == "pass")
    weight = rubric.weight_of(claim["id"])
    status = "passed" if passed == len(judged) else "failed"
    return {
        "name": f"{claim['id']}: {_statement(claim, rubric.lang)}".rstrip(": "),
        "number": number,
        "score": round(weight * passed / len(judged), 4),
        "max_score": weight,
        "status": status,
        "output": _test_output(claim, judged, rubric.lang),
        "visibility": rubric.visibility_of(claim["id"]),
        "tags": [grading.section_label(claim.get("chapter", ""), claim.get("section", ""))],
    }


def _statement(claim, lang):
    """The claim in plain words, in the rubric's language (its English where it has no Chinese)."""
    return (claim.get("statement_zh") or claim.get("statement", "")) if lang == "zh" else claim.get("statement", "")


def _test_output(claim, judged, lang=messages.DEFAULT):
    t = functools.partial(messages.text, lang=lang)

    lines = []
    if len(judged) > 1:
        lines.append(t("gs.per_role", roles=", ".join(f"{role} {messages.outcome(o, lang)}" for role, o in sorted(judged.items()))))
    message = (claim.get("message") or "").strip()
    if claim["outcome"] == "not-implemented":
        lines.append(t("gs.not_implemented", what=message) if message else messages.outcome("not-implemented", lang))
    elif claim["outcome"] in ("fail", "error"):
        lines.append(message or messages.outcome(claim["outcome"], lang))
    elif any(o == "not-implemented" for o in judged.values()):
        lines.append(t("gs.not_implemented", what=", ".join(r for r, o in sorted(judged.items()) if o == "not-implemented")))
    return "\n".join(lines) if lines else messages.outcome("pass", lang)


def _summary(report, tests, missing, runtime, not_executable, unjudged, lang=messages.DEFAULT):
    t = functools.partial(messages.text, lang=lang)

    if report.get("error") and not tests:
        return t("gs.not_judged", why=report["error"])
    passed = sum(1 for t_ in tests if t_["status"] == "passed")
    lines = [t("gs.passed", passed=passed, judged=len(tests)) + (t("gs.missing", missing=missing) if missing else "")
             + t("full_stop")]
    if report.get("error"):
        lines.append(t("gs.unfinished", why=report["error"]))
    if runtime:
        ok = sum(1 for c in runtime if c["outcome"] == "pass")
        lines.append(t("gs.runtime", count=len(runtime), ok=ok))
    if not_executable:
        lines.append(t("gs.not_executable", count=len(not_executable)))
    if unjudged:
        lines.append(t("gs.skipped", ids=", ".join(c["id"] for c in unjudged)))
    if report.get("containment") == "process":
        lines.append(t("gs.no_sandbox"))
    return "\n".join(lines)


def failure_results(output, execution_time=None, rubric=None):
    """results.json for a submission that was not judged at all: score 0, the reason."""
    result = {"score": 0.0, "output": output, "output_format": "text", "visibility": "visible",
              "stdout_visibility": rubric.stdout_visibility if rubric else "hidden", "tests": []}
    if execution_time is not None:
        result["execution_time"] = int(round(execution_time))
    return result


# -- finding and judging the submission ----------------------------------------------------------


def find_package(submission):
    """(path to judge, None) or (None, why none was found) in a Gradescope submission folder: a
    package at its top (it holds __init__.py), one folder down, or a single .py module."""
    submission = Path(submission)
    if not submission.is_dir():
        return None, f"no submission folder {submission}"
    if (submission / "__init__.py").is_file():
        return submission, None
    entries = [p for p in sorted(submission.iterdir()) if not p.name.startswith((".", "_"))]  # __MACOSX, .git
    links = [p for p in entries if p.is_symlink()]  # to the reference or a classmate: never what is judged
    entries = [p for p in entries if not p.is_symlink()]
    packages = [p for p in entries if p.is_dir() and (p / "__init__.py").is_file()]
    if len(packages) > 1:  # a repository handed in whole: its tests/ is no answer
        packages = [p for p in packages if p.name not in NOT_ANSWERS] or packages
    if len(packages) == 1:
        return packages[0], None
    if len(packages) > 1:
        return None, ("found several packages (" + ", ".join(p.name for p in packages)
                      + "): hand in one package folder, or its files at the top")
    modules = [p for p in entries if p.is_file() and p.suffix == ".py"]
    if len(modules) == 1:
        return modules[0], None
    found = ", ".join(p.name + ("/" if p.is_dir() else "") for p in entries[:20]) or "nothing"
    if links:
        found += " (and symbolic links, which are not judged: " + ", ".join(p.name for p in links[:20]) + ")"
    if len(modules) > 1:
        return None, (f"found several .py files ({', '.join(p.name for p in modules)}) but no __init__.py: "
                      "hand in a package folder (with __init__.py), or one .py module")
    return None, ("expected a Python package (a folder with __init__.py, at the top of the submission or one "
                  "folder down) or a single .py module; found: " + found)


def judge(target, report_path, workdir, *, claims=(), timeout=DEFAULT_TIMEOUT, log=None, lang=messages.DEFAULT):
    """Run the specs on target, writing the claims report; returns (exit code, the run's output,
    None or why it stopped early)."""
    target = grading.importable_copy(Path(target).stem if Path(target).is_file() else Path(target).name,
                                     Path(target), workdir)
    options = ["-q", "-p", "no:cacheprovider", "--no-header", f"--impl={target}", "--claims-report", str(report_path),
               "--hypothesis-profile", "ci", "--subjects", "roles",  # the runtime's claims are no one's points
               "--lang", lang]  # the reasons and hints, made in the students' language
    for prefix in claims:
        options += ["--claim", prefix]
    args, cwd = layout.pytest_run(*options)
    cmd = [sys.executable, "-m", "pytest", *args]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS")}
    env["SPECS_PROFILE"] = "ci"
    log = Path(log or Path(workdir) / "pytest.log")
    stopped = None
    with open(log, "wb") as sink:
        proc = subprocess.Popen(cmd, cwd=cwd or workdir, stdout=sink, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            stopped = f"stopped after {timeout:.0f} s"
            proc.send_signal(signal.SIGINT)  # pytest still writes the report of what it judged
            try:
                proc.wait(INTERRUPT_GRACE)
            except subprocess.TimeoutExpired:
                pass
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # whatever the run left behind
            proc.wait()
    return proc.returncode, log.read_text(encoding="utf-8", errors="replace"), stopped


def run(submission, results_path, rubric_path=None, *, timeout=DEFAULT_TIMEOUT, echo=True):
    """Judge a Gradescope submission folder and write results.json; returns the results dict."""
    started = time.monotonic()
    rubric = load_rubric(rubric_path)
    results_path = Path(results_path)
    results_path.parent.mkdir(parents=True, exist_ok=True)
    target, why = find_package(submission)
    if target is None:
        results = failure_results(f"Your submission could not be judged: {why}.", time.monotonic() - started, rubric)
    else:
        with tempfile.TemporaryDirectory(prefix="netspecs-gradescope-") as workdir:
            report_path = Path(workdir) / "claims.json"
            code, output, stopped = judge(target, report_path, workdir, claims=rubric.claims, timeout=timeout,
                                          lang=rubric.lang)
            if echo:  # Gradescope keeps stdout for the instructor (the student sees it per stdout_visibility)
                sys.stdout.write(output)
                sys.stdout.flush()
            if report_path.exists():
                report = json.loads(report_path.read_text(encoding="utf-8"))
                if stopped:
                    report["error"] = stopped
                results = results_from_report(report, rubric, time.monotonic() - started)
            else:
                errors = [line[len("ERROR:"):].strip() for line in output.splitlines() if line.startswith("ERROR:")]
                reason = stopped or (errors[0] if errors else f"the check exited with code {code} and wrote no report")
                results = failure_results(f"Your package could not be judged: {reason}", time.monotonic() - started, rubric)
    results_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return results


# -- the autograder zip --------------------------------------------------------------------------


SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd /autograder/source
apt-get update
# the sandbox student code runs in; without it the specs still run, in plain processes
apt-get install -y --no-install-recommends bubblewrap || echo "bubblewrap could not be installed"
command -v python3 >/dev/null || apt-get install -y --no-install-recommends python3
if ! python3 -m venv /autograder/venv; then
    # Debian and Ubuntu ship venv and pip apart from python3
    rm -rf /autograder/venv
    minor=$(python3 -c 'import sys; print(sys.version_info[1])')
    apt-get install -y --no-install-recommends python3-venv python3-pip || apt-get install -y "python3.$minor-venv"
    python3 -m venv /autograder/venv
fi
/autograder/venv/bin/python -m pip install --upgrade pip
/autograder/venv/bin/python -m pip install "/autograder/source/{wheel}"
# fail the build now rather than at the first submission
/autograder/venv/bin/python -c "import {package}.harness.gradescope"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission; it must leave /autograder/results/results.json.
mkdir -p /autograder/results
cd /autograder
/autograder/venv/bin/python -m {package}.harness.gradescope run \\
    --submission /autograder/submission \\
    --results /autograder/results/results.json \\
    --rubric /autograder/source/{rubric}
status=$?
if [ ! -s /autograder/results/results.json ]; then
    printf '{{"score": 0, "output": "The autograder failed before judging your submission (exit status %s). Tell your instructor.", "visibility": "visible", "stdout_visibility": "hidden", "tests": []}}\\n' "$status" \\
        > /autograder/results/results.json
fi
"""


def build_autograder(output, rubric_path=None, wheel=None):
    """Write the autograder zip; returns its path. Raises RubricError or ValueError (one line)."""
    load_rubric(rubric_path)  # a bad rubric stops the build, not the first student
    output = Path(output)
    if output.is_dir():
        raise ValueError(f"-o {output}: is a folder; give a file, such as {output / 'autograder.zip'}")
    if not output.parent.is_dir():
        raise ValueError(f"-o {output}: no folder {output.parent} to write it in")
    with tempfile.TemporaryDirectory(prefix="netspecs-wheel-") as tmp:
        if wheel is None:
            wheel = _build_student_wheel(tmp)
        wheel = Path(wheel)
        if not wheel.is_file():
            raise ValueError(f"--wheel {wheel}: no such file")
        if wheel.suffix != ".whl":
            raise ValueError(f"--wheel {wheel}: expected a wheel (a .whl file)")
        rubric_text = Path(rubric_path).read_text(encoding="utf-8") if rubric_path else DEFAULT_RUBRIC
        files = {
            "setup.sh": (SETUP_SH.format(wheel=wheel.name, package=INSTALLED_PACKAGE), 0o755),
            "run_autograder": (RUN_AUTOGRADER.format(package=INSTALLED_PACKAGE, rubric=RUBRIC_NAME), 0o755),
            RUBRIC_NAME: (rubric_text, 0o644),
        }
        partial = output.with_name(output.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, (text, mode) in files.items():
                archive.writestr(_entry(name, mode), text.encode("utf-8"))
            archive.write(wheel, wheel.name)
        os.replace(partial, output)
    return output


def _entry(name, mode):
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.create_system = 3  # unix: unzip then applies the mode below
    info.external_attr = (stat.S_IFREG | mode) << 16  # so run_autograder stays executable
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _build_student_wheel(folder):
    from . import editions

    try:
        return editions.build_wheel(folder, edition="student")
    except (editions.BuildError, OSError, subprocess.SubprocessError) as exc:  # one line, and the way around it
        raise ValueError(f"building the student wheel failed: {_one_line(exc)}; pass one with --wheel PATH") from None


# -- command line --------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(prog=f"python -m {PACKAGE}.harness.gradescope",
                                     description="Judge a Gradescope submission; write results.json.")
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run", help="judge /autograder/submission and write results.json")
    one.add_argument("--submission", default="/autograder/submission")
    one.add_argument("--results", default="/autograder/results/results.json")
    one.add_argument("--rubric", default=None, help="rubric TOML (default: every role claim worth 1)")
    one.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds for the whole run")
    args = parser.parse_args(argv)
    try:
        results = run(args.submission, args.results, args.rubric, timeout=args.timeout)
    except RubricError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.results}: score {results['score']:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
