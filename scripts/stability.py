"""The same verdict under load: judge the reference and every known-bad RUNS times while one CPU
hog per core runs at normal priority, and print every claim whose verdict (per subject) changed.

    python scripts/stability.py                      # 20 runs of the reference and every known-bad
    python scripts/stability.py --runs 3 --only queue_ --only pool_   # some known-bads, 3 runs
    python scripts/stability.py --no-reference --out /tmp/stability.json
    python scripts/stability.py --jobs 2             # two packages judged at once, beside the hogs

Each run of a package is what test_known_bad runs (its expect.py's claims, the reject profile);
the reference runs every claim in the default profile, as README's first command does. A verdict
is the claim's outcome per subject (each role, the runtime) from --claims-report. Exit status 0
only if no verdict changed and every known-bad's MUST_FAIL/MUST_PASS held in every run.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HOG = "import os, contextlib\nwith contextlib.suppress(OSError): os.setsid()\nwhile True: pass"


def packages(only, reference):
    """[(name, impl path or None, claim prefixes, must_fail, must_pass, profile)]"""
    from tests.rejections import KNOWN_BAD

    chosen = [("reference", None, [], [], [], None)] if reference else []
    for bad, (prefixes, must_fail, must_pass) in sorted(KNOWN_BAD.items()):
        if not only or any(part in bad for part in only):
            chosen.append((bad, ROOT / "tests" / "bad" / bad, prefixes, must_fail, must_pass, "reject"))
    return chosen


def judge(impl, prefixes, profile, report, timeout):
    cmd = [sys.executable, "-m", "pytest", "specs", "-p", "no:cacheprovider", "-q", "--no-header",
           "--claims-report", str(report)]
    if impl:
        cmd += ["--impl", str(impl), "-n", "0"]
    for prefix in prefixes:
        cmd += ["--claim", prefix]
    if profile:
        cmd += ["--hypothesis-profile", profile]
    try:
        subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if not report.exists():
        return None
    rows = json.loads(report.read_text())["claims"]
    return {row["id"]: row for row in rows if row["specs"]}


def verdicts(rows):
    """claim id -> 'subject=outcome ...' (a string, so runs compare and count)."""
    return {cid: " ".join(f"{s}={o}" for s, o in sorted(row["subjects"].items())) or row["outcome"]
            for cid, row in rows.items()}


def expectation_problems(rows, must_fail, must_pass):
    problems = [f"{c} did not fail" for c in must_fail if rows.get(c, {}).get("outcome") != "fail"]
    return problems + [f"{c} did not pass" for c in must_pass if rows.get(c, {}).get("outcome") != "pass"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", action="append", default=[], metavar="PART", help="only known-bads whose name contains PART")
    parser.add_argument("--no-reference", dest="reference", action="store_false")
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2, help="CPU hogs beside the runs (default: one per core)")
    parser.add_argument("--jobs", type=int, default=1, help="packages judged at once (more load, a shorter pass); default 1")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one package's run may take")
    parser.add_argument("--out", default=None, help="write the tally as JSON here after every run")
    args = parser.parse_args(argv)
    chosen = packages(args.only, args.reference)
    if not chosen:
        parser.error("no package matches --only")

    seen = collections.defaultdict(collections.Counter)  # (package, claim) -> Counter of verdicts
    broken = collections.defaultdict(list)  # package -> [run: problems]
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(args.hogs)]
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="netspecs-stability-") as tmp:
            if args.jobs > 1:  # as `grade` runs students side by side: their timing specs take turns
                os.environ["SPECS_TURNSTILE"] = os.path.join(tmp, "turnstile")
            for run in range(1, args.runs + 1):
                with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
                    judged = pool.map(lambda c: judge(c[1], c[2], c[5], Path(tmp, f"{c[0]}-{run}.json"), args.timeout), chosen)
                for (name, impl, prefixes, must_fail, must_pass, profile), rows in zip(chosen, list(judged)):
                    if rows is None:
                        broken[name].append(f"run {run}: no claims report (crashed or over {args.timeout:.0f} s)")
                        continue
                    for cid, verdict in verdicts(rows).items():
                        seen[(name, cid)][verdict] += 1
                    problems = expectation_problems(rows, must_fail, must_pass)
                    if problems:
                        broken[name].append(f"run {run}: " + "; ".join(problems))
                changed = sum(len(v) > 1 for v in seen.values())
                print(f"run {run}/{args.runs}: {len(chosen)} package(s), {changed} verdict(s) changed so far, "
                      f"{time.monotonic() - started:.0f} s", flush=True)
                if args.out:
                    write(args.out, run, chosen, seen, broken)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()

    changed = {key: counts for key, counts in seen.items() if len(counts) > 1}
    for (name, cid), counts in sorted(changed.items()):
        print(f"CHANGED {name} {cid}: " + ", ".join(f"{v} x{n}" for v, n in counts.most_common()))
    for name, problems in sorted(broken.items()):
        for problem in problems:
            print(f"EXPECTATION {name} {problem}")
    print(f"stability: {len(chosen)} package(s) x {args.runs} run(s), {len(seen)} verdicts, {len(changed)} changed, "
          f"{sum(map(len, broken.values()))} expectation miss(es), {time.monotonic() - started:.0f} s")
    return 1 if changed or broken else 0


def write(path, runs, chosen, seen, broken):
    tally = {"runs": runs, "packages": [c[0] for c in chosen],
             "changed": {f"{n} {c}": dict(v) for (n, c), v in seen.items() if len(v) > 1},
             "expectation_misses": broken}
    Path(path).write_text(json.dumps(tally, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
