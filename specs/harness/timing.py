"""Timing claims as ratios of two measurements taken in the same run.

Never compare a duration with a constant: the machine may be slow or loaded. Measure the two
things the claim compares, alternately, take the best of each (noise only ever adds time), and
check their ratio against bounds whose margin each spec justifies.
"""
import time


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


def assert_ratio(numerator, denominator, *, low=None, high=None, what):
    """Assert low <= numerator/denominator <= high, with a message that shows the measurements."""
    ratio = numerator / denominator if denominator > 0 else float("inf")
    bounds = f"{'' if low is None else f'{low} <= '}ratio{'' if high is None else f' <= {high}'}"
    message = f"{what}: measured {numerator:.4f} / {denominator:.4f} = {ratio:.2f}, expected {bounds}"
    assert (low is None or ratio >= low) and (high is None or ratio <= high), message
    return ratio
