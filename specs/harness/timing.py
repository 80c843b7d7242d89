"""Timing claims as ratios of two measurements taken in the same run.

Never compare a duration with a constant: the machine may be slow or loaded. Measure the two
things the claim compares, alternately, take the best of each (noise only ever adds time), and
check their ratio against bounds whose margin each spec justifies. Where one quiet stretch is
enough (best_until_within), take more rounds only while the ratio is out of bounds: a quiet
machine pays for the minimum, a loaded one gets more chances, a wrong world fails every round.
"""
import json
import os
import sys
import time

from .messages import say


def stopwatch(func):
    """(seconds, result) of one call, on the monotonic clock."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def best_times(*funcs, repeats=3):
    """The best of `repeats` timings of each function, measured round-robin."""
    best = [float("inf")] * len(funcs)
    for _ in range(repeats):
        for i, func in enumerate(funcs):
            best[i] = min(best[i], stopwatch(func)[0])
    return best


def best_until_within(numerator, denominator, *, low=None, high=None, rounds=3, extra=7):
    """best_times of the two, round-robin: at least `rounds` rounds, then up to `extra` more while
    the ratio of the bests is outside [low, high].

    For claims whose true ratio is far inside the bound and only a busy neighbour pushes it out
    (a parallel run loses a CPU): one quiet stretch is enough for a correct world, while a wrong
    world (one CPU, the GIL) cannot reach the bound in any round."""
    best_num, best_den = best_times(numerator, denominator, repeats=rounds)
    for _ in range(extra):
        ratio = best_num / best_den
        if (low is None or ratio >= low) and (high is None or ratio <= high):
            break
        num, den = best_times(numerator, denominator, repeats=1)
        best_num, best_den = min(best_num, num), min(best_den, den)
    return best_num, best_den


def assert_ratio(numerator, denominator, *, low=None, high=None, what):
    """Assert low <= numerator/denominator <= high, with a message that shows the measurements."""
    ratio = numerator / denominator if denominator > 0 else float("inf")
    name = say("ratio", "比值")
    bounds = f"{'' if low is None else f'{low} <= '}{name}{'' if high is None else f' <= {high}'}"
    message = say(f"{what}: measured {numerator:.4f} / {denominator:.4f} = {ratio:.2f}, expected {bounds}",
                  f"{what}：测得 {numerator:.4f} / {denominator:.4f} = {ratio:.2f}，应满足 {bounds}")
    record_measurement(what, ratio, low, high)
    assert (low is None or ratio >= low) and (high is None or ratio <= high), message
    return ratio


def record_measurement(what, ratio, low, high):
    """With SPECS_MEASUREMENTS=path, append the ratio and its bounds as one JSON line: how close a
    machine's measurements come to the bounds (scripts/margins.py) is data, not a guess."""
    path = os.environ.get("SPECS_MEASUREMENTS")
    if not path:
        return
    line = json.dumps({
        "spec": os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0],
        "what": what, "ratio": ratio, "low": low, "high": high,
        "python": "%d.%d" % sys.version_info[:2],
    })
    with open(path, "a") as f:  # one write per line: runs in parallel append whole lines
        f.write(line + "\n")
