"""How close this machine's timing measurements come to the specs' bounds.

Runs the timing specs RUNS times (optionally with a CPU hog per core, as the soak does), records
every ratio the specs check (SPECS_MEASUREMENTS), and prints, per measurement, its bounds, the
worst and median ratio seen, and the worst margin: the factor by which the worst ratio cleared
its bound (1.0 = on the bound; below 1 = a failure). A margin under about 1.3 is a spec whose
design should change before a noisy machine finds it.

    python scripts/margins.py                  # 5 runs, quiet machine
    python scripts/margins.py --runs 20 --load # 20 runs beside a hog per core
    python scripts/margins.py -- --impl path/to/package   # extra pytest arguments after --
"""
import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from specs.harness.claims import load_catalogue  # noqa: E402

HOG = "import os, contextlib\nwith contextlib.suppress(OSError): os.setsid()\nwhile True: pass"


def margin(ratio, low, high):
    factors = []
    if low is not None:
        factors.append(ratio / low if low > 0 else float("inf"))
    if high is not None:
        factors.append(high / ratio if ratio > 0 else float("inf"))
    return min(factors) if factors else float("inf")


@contextlib.contextmanager
def hogs(enabled):
    procs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(os.cpu_count() or 1)] if enabled else []
    try:
        yield
    finally:
        for p in procs:
            p.kill()
            p.wait()


def run(runs, load, extra):
    timing = sorted({c.id for c in load_catalogue() if c.kind == "timing"})
    claims = [arg for cid in timing for arg in ("--claim", cid)]
    # --lang en: a measurement is named by its check's words, which a Chinese locale would translate
    cmd = [sys.executable, "-m", "pytest", "specs", "-q", "-p", "no:cacheprovider", "-n", "0", "--lang", "en", *claims, *extra]
    with tempfile.TemporaryDirectory() as tmp, hogs(load):
        path = Path(tmp) / "measurements.jsonl"
        env = dict(os.environ, SPECS_MEASUREMENTS=str(path))
        for i in range(runs):
            done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            print(f"run {i + 1}/{runs}: exit {done.returncode} — {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ''}", flush=True)
        lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines]


def table(records):
    groups = {}
    for r in records:
        what = re.sub(r"\d+\.\d+", "…", r["what"])  # a figure quoted in the text would split its group
        groups.setdefault((r["spec"], what, r["low"], r["high"]), []).append(r["ratio"])
    rows = []
    for (spec, what, low, high), ratios in groups.items():
        margins = [margin(x, low, high) for x in ratios]
        worst = ratios[margins.index(min(margins))]
        bounds = f"{'' if low is None else f'{low:.3g} <= '}r{'' if high is None else f' <= {high:.3g}'}"
        rows.append((min(margins), spec, what, bounds, len(ratios), worst, statistics.median(ratios)))
    rows.sort()
    out = [f"{'margin':>6}  {'n':>3}  {'worst':>8}  {'median':>8}  {'bounds':<14}  measurement"]
    for m, spec, what, bounds, n, worst, median in rows:
        out.append(f"{m:6.2f}  {n:3d}  {worst:8.3f}  {median:8.3f}  {bounds:<14}  {spec.split('::')[-1]}: {what}")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load", action="store_true", help="keep every core busy with a hog in a session of its own")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    records = run(args.runs, args.load, args.pytest_args)
    if not records:
        print("no measurements recorded", file=sys.stderr)
        return 1
    print(table(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
