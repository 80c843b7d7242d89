"""The same verdict under load: judge the reference and every known-bad RUNS times while one CPU
hog per core runs at normal priority, and print every claim whose verdict (per subject) changed.

    python scripts/stability.py                      # 20 runs of the reference and every known-bad
    python scripts/stability.py --runs 3 --only queue_ --only pool_   # some known-bads, 3 runs
    python scripts/stability.py --no-reference --out /tmp/stability.json
    python scripts/stability.py --jobs 2             # two packages judged at once, beside the hogs
    python scripts/stability.py --ledger ~/stability.jsonl   # runs add up across sittings
    python scripts/stability.py --every-claim        # every claim of every known-bad, as grade judges
    python scripts/stability.py --good --no-bad --no-reference --runs 5   # the known-goods: always a pass

By default a known-bad is judged on its own expect.py claims; a verdict of another claim that moves
with load (a server that reads once passing an echo claim when the client's sends coalesce) shows
only with --every-claim (a longer run: every known-bad is judged whole).

20 runs of every package take hours. With --ledger, every package run is appended to a file as one
JSON line, keyed by a fingerprint of what decides its verdict (the judging code, the package, the
claims asked, the profile, the Python); a later sitting counts the runs on record for the same
fingerprint and only makes up the difference to --runs (each package its own: one added since
is judged alone until it catches up; each package's run is written as soon as it is judged, so a
sitting stopped mid-run keeps what it judged). A change to the judging code starts the count again. With as many runs on record as --runs, a sitting judges nothing and prints the
tally. The project's own record is docs/stability-ledger.jsonl (committed: sittings on the
project's machines add up there).

Each run of a package is what test_known_bad runs (its expect.py's claims, the reject profile);
the reference runs every claim in the default profile, as README's first command does. A verdict
is the claim's outcome per subject (each role, the runtime) from --claims-report. Exit status 0
only if no verdict changed and every known-bad's MUST_FAIL/MUST_PASS held in every run.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# What decides a verdict: the judging code, but not the modules that only present a verdict made
# (reports, reproducers, the grading outputs); a change to these leaves the ledger's count standing.
PRESENTATION = {"replay.py", "htmlreport.py", "gradescope.py", "classroom.py", "editions.py", "starter.py", "grading.py"}
# Nor the guard that acts only on `--impl PATH` in two words (impl_option.py): a sitting passes
# --impl=PATH, where the guard does nothing (tests/test_stability.py holds the sitting to it).
NOT_IN_A_SITTINGS_RUNS = {"impl_option.py"}

# The project's own record: sittings on the project's machines append here, and it is committed, so
# the runs of one judging code add up across sittings and machines' sessions (see INSTRUCTORS.md).
PROJECT_LEDGER = ROOT / "docs" / "stability-ledger.jsonl"

HOG = "import os, contextlib\nwith contextlib.suppress(OSError): os.setsid()\nwhile True: pass"


class Package(NamedTuple):
    """One package a sitting judges, and what its every run must show."""
    name: str
    impl: Optional[Path]  # None: the reference, impl/
    prefixes: list  # the claims asked (--claim); empty: every claim
    must_fail: list
    must_pass: list
    profile: Optional[str]  # the Hypothesis profile; None: the default
    roles: Optional[list]  # a known-good's roles: every verdict on them must be a pass


def packages(only, reference, every_claim=False, bad=True, good=False):
    """[Package]; with every_claim, each known-bad is judged on every claim in the ci profile, as `grade` judges a
    student. A known-good (roles: the roles it provides) is judged as test_known_good judges it:
    on its roles only, in the ci profile, and every verdict on them must be a pass."""
    from tests.rejections import KNOWN_BAD

    chosen = [Package("reference", None, [], [], [], None, None)] if reference else []
    for name, (prefixes, must_fail, must_pass) in sorted(KNOWN_BAD.items() if bad else []):
        if not only or any(part in name for part in only):
            judged = ([], "ci") if every_claim else (prefixes, "reject")
            chosen.append(Package(name, ROOT / "tests" / "bad" / name, judged[0], must_fail, must_pass, judged[1], None))
    if good:
        from tests.test_known_good import GOOD, KNOWN_GOOD, provided_roles

        for name in KNOWN_GOOD:
            if not only or any(part in name for part in only):
                chosen.append(Package(name, GOOD / name, [], [], [], "ci", provided_roles(name)))
    return chosen


def _digest(paths, root):
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest


def judging_code():
    """The files of specs/ a verdict depends on (see PRESENTATION)."""
    specs = ROOT / "specs"
    return [p for p in specs.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and p.suffix != ".md" and p.name not in PRESENTATION | NOT_IN_A_SITTINGS_RUNS]


def fingerprint(code_digest, impl, prefixes, profile, roles=None):
    """What a package's verdicts in one run depend on, as a short hex string."""
    digest = code_digest.copy()
    package = Path(impl) if impl else ROOT / "impl"
    files = [package] if package.is_file() else [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    digest.update(_digest(files, package.parent).digest())
    digest.update(json.dumps([sorted(prefixes), profile, platform.python_version()] + ([sorted(roles)] if roles else [])).encode())
    return digest.hexdigest()[:16]


def read_ledger(path):
    """[entry] of a ledger file (missing: none); a torn last line (a sitting killed mid-write) is skipped."""
    entries = []
    if path and Path(path).exists():
        for line in Path(path).read_text().splitlines():
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue
    return entries


def judge(impl, prefixes, profile, report, timeout, roles=None):
    cmd = [sys.executable, "-m", "pytest", "specs", "-p", "no:cacheprovider", "-q", "--no-header",
           "--claims-report", str(report)] + (["--subjects", "roles"] if roles else [])
    if impl:
        cmd += [f"--impl={impl}", "-n", "0"]  # one word: see NOT_IN_A_SITTINGS_RUNS
    for prefix in prefixes:
        cmd += ["--claim", prefix]
    if profile:
        cmd += ["--hypothesis-profile", profile]
    began = time.monotonic()
    with STARTING:  # a stop waits for a run being started, then ends it with the others
        if STOPPING:
            return None  # the sitting is ending: the packages still queued are not judged
        run = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        RUNNING.add(run)
    try:
        run.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    finally:
        _end(run)
        RUNNING.discard(run)
        SECONDS[str(report)] = round(time.monotonic() - began, 1)
    if not report.exists():
        return None
    rows = json.loads(report.read_text())["claims"]
    return {row["id"]: row for row in rows if row["specs"]}


RUNNING = set()  # the pytest runs under way: a sitting that ends early ends them too
SECONDS = {}  # report path -> wall seconds its run took (the ledger keeps them: where a sitting's hours go)
STOPPING = False
STARTING = threading.Lock()  # held while a run is started and registered (never by the main thread)


def _end(run, grace=5.0):
    """End a run's process group (its xdist workers and spec children with it), politely first."""
    for signum in (signal.SIGTERM, signal.SIGKILL):
        if run.poll() is not None:
            return
        try:
            os.killpg(run.pid, signum)
        except ProcessLookupError:
            return
        try:
            run.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _stop_sitting(signum, frame):
    global STOPPING
    with STARTING:
        STOPPING = True
        running = list(RUNNING)
    for run in running:
        _end(run)
    sys.exit(128 + signum)


def verdicts(rows):
    """claim id -> 'subject=outcome ...' (a string, so runs compare and count)."""
    return {cid: " ".join(f"{s}={o}" for s, o in sorted(row["subjects"].items())) or row["outcome"]
            for cid, row in rows.items()}


def on_roles(subject, roles):
    """Whether a verdict's subject ("MyQueue", or "asy+syn" for a spec of several roles) names one of roles."""
    return bool(set(subject.split("+")) & set(roles))


def expectation_problems(rows, must_fail, must_pass, roles=None):
    problems = [f"{c} did not fail" for c in must_fail if rows.get(c, {}).get("outcome") != "fail"]
    problems += [f"{c} did not pass" for c in must_pass if rows.get(c, {}).get("outcome") != "pass"]
    for cid, row in sorted(rows.items()) if roles else ():  # a known-good: a pass on each of its roles
        for subject, outcome in row["subjects"].items():
            if outcome != "pass" and on_roles(subject, roles):
                problems.append(f"{cid} ({subject}) was a {outcome}, not a pass")
    return problems


def unexpected_reasons(rows, package, limit=300):
    """claim id -> the start of its message, for each fail or error the package should not show (a
    MUST_PASS claim, a known-good's role, any claim of the reference): a verdict that moves with
    load is then diagnosed from the ledger, not only counted."""
    wanted = set(package.must_pass)
    return {cid: (row.get("message") or "")[:limit] for cid, row in sorted(rows.items())
            if row["outcome"] in ("fail", "error")
            and (package.impl is None or cid in wanted
                 or (package.roles and any(on_roles(s, package.roles) for s in row["subjects"])))}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", action="append", default=[], metavar="PART", help="only known-bads whose name contains PART")
    parser.add_argument("--no-reference", dest="reference", action="store_false")
    parser.add_argument("--no-bad", dest="bad", action="store_false", help="leave out the known-bads")
    parser.add_argument("--good", action="store_true",
                        help="judge the known-goods too (tests/good/: their roles, the ci profile, every verdict a pass)")
    parser.add_argument("--every-claim", action="store_true",
                        help="judge each known-bad on every claim in the ci profile, as grade judges a student "
                             "(default: its expect.py claims in the reject profile, as test_known_bad does)")
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2, help="CPU hogs beside the runs (default: one per core)")
    parser.add_argument("--jobs", type=int, default=1, help="packages judged at once (more load, a shorter pass); default 1")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one package's run may take")
    parser.add_argument("--out", default=None, help="write the tally as JSON here after every run")
    parser.add_argument("--ledger", default=None, metavar="FILE",
                        help="append every package run here, and count the runs already there for the same judging code")
    parser.add_argument("--prune", action="store_true",
                        help="first drop from --ledger the entries of other judging code (or of packages gone), keeping the rest")
    args = parser.parse_args(argv)
    if args.prune and not args.ledger:
        parser.error("--prune needs --ledger")
    chosen = packages(args.only, args.reference, args.every_claim, args.bad, args.good)
    if not chosen:
        parser.error("no package chosen (see --only, --no-bad, --no-reference, --good)")

    seen = collections.defaultdict(collections.Counter)  # (package, claim) -> Counter of verdicts
    broken = collections.defaultdict(list)  # package -> [run: problems]
    code = _digest(judging_code(), ROOT)
    keys = {p.name: fingerprint(code, p.impl, p.prefixes, p.profile, p.roles) for p in chosen}
    recorded = collections.Counter()
    entries = read_ledger(args.ledger)
    if args.prune and entries:
        entries = [e for e in entries if keys.get(e.get("package")) == e.get("key")]
        Path(args.ledger).write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries))
    for entry in entries:
        name = entry.get("package")
        if keys.get(name) != entry.get("key"):
            continue  # another package, or judged by other code
        recorded[name] += 1
        for cid, verdict in entry["verdicts"].items():
            seen[(name, cid)][verdict] += 1
        if entry["problems"]:
            broken[name].append(f"ledger run {recorded[name]}: " + "; ".join(entry["problems"]))
    chosen = longest_first(chosen, entries)
    done_before = min(recorded[p.name] for p in chosen)
    if args.ledger:
        print(f"ledger {args.ledger}: {done_before} run(s) of every chosen package on record for this code", flush=True)
    if done_before >= args.runs:  # all on record already: the tally, without a sitting
        args.hogs = 0
    # a sitting stopped with kill (SIGTERM) ends its runs and its hogs (each in a session of its own)
    previous = signal.signal(signal.SIGTERM, _stop_sitting)
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(args.hogs)]
    started = time.monotonic()
    turnstile = os.environ.get("SPECS_TURNSTILE")  # set for this sitting's runs only
    try:
        with tempfile.TemporaryDirectory(prefix="netspecs-stability-") as tmp:
            if args.jobs > 1:  # as `grade` runs students side by side: their timing specs take turns
                os.environ["SPECS_TURNSTILE"] = os.path.join(tmp, "turnstile")
            for run in range(done_before + 1, args.runs + 1):
                due = [p for p in chosen if recorded[p.name] < run]  # a package added since has runs to make up
                with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
                    reports = {p.name: Path(tmp, f"{p.name}-{run}.json") for p in due}
                    judging = {pool.submit(judge, p.impl, p.prefixes, p.profile, reports[p.name], args.timeout, p.roles): p
                               for p in due}
                    for future in concurrent.futures.as_completed(judging):
                        package, rows = judging[future], future.result()
                        name = package.name
                        reasons = {}
                        if rows is None:
                            found, problems = {}, [f"no claims report (crashed or over {args.timeout:.0f} s)"]
                        else:
                            found = verdicts(rows)
                            problems = expectation_problems(rows, package.must_fail, package.must_pass, package.roles)
                            reasons = unexpected_reasons(rows, package)
                        for cid, verdict in found.items():
                            seen[(name, cid)][verdict] += 1
                        if problems:
                            broken[name].append(f"run {run}: " + "; ".join(problems))
                        recorded[name] += 1
                        if args.ledger:  # at once: a sitting stopped mid-run keeps the packages it judged
                            entry = {"key": keys[name], "package": name, "python": platform.python_version(),
                                     "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "verdicts": found, "problems": problems,
                                     "seconds": SECONDS.get(str(reports[name]))}
                            if reasons:
                                entry["reasons"] = reasons
                            with open(args.ledger, "a") as ledger:
                                ledger.write(json.dumps(entry, ensure_ascii=False) + "\n")
                changed = sum(len(v) > 1 for v in seen.values())
                print(f"run {run}/{args.runs}: {len(due)} package(s), {changed} verdict(s) changed so far, "
                      f"{time.monotonic() - started:.0f} s", flush=True)
                if args.out:
                    write(args.out, run, chosen, seen, broken)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
        signal.signal(signal.SIGTERM, previous)
        if turnstile is None:
            os.environ.pop("SPECS_TURNSTILE", None)
        else:
            os.environ["SPECS_TURNSTILE"] = turnstile

    changed = {key: counts for key, counts in seen.items() if len(counts) > 1}
    for (name, cid), counts in sorted(changed.items()):
        print(f"CHANGED {name} {cid}: " + ", ".join(f"{v} x{n}" for v, n in counts.most_common()))
    for name, problems in sorted(broken.items()):
        for problem in problems:
            print(f"EXPECTATION {name} {problem}")
    runs = min(recorded[p.name] for p in chosen)
    print(f"stability: {len(chosen)} package(s) x {runs} run(s) ({done_before} on record, {runs - done_before} "
          f"this sitting), {len(seen)} verdicts, {len(changed)} changed, {sum(map(len, broken.values()))} expectation miss(es), "
          f"{time.monotonic() - started:.0f} s")
    return 1 if changed or broken else 0


def longest_first(chosen, entries):
    """chosen, the packages whose last run on record took longest first (unknown ones before all):
    with --jobs, a long package started last would run on alone while the others wait for it."""
    took = {entry.get("package"): entry.get("seconds") or 0 for entry in entries}
    return sorted(chosen, key=lambda p: -took.get(p.name, float("inf")))


def write(path, runs, chosen, seen, broken):
    tally = {"runs": runs, "packages": [p.name for p in chosen],
             "changed": {f"{n} {c}": dict(v) for (n, c), v in seen.items() if len(v) > 1},
             "expectation_misses": broken}
    Path(path).write_text(json.dumps(tally, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
