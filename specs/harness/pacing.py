"""A spec's timeout is the budget of its whole Hypothesis search, not of one example.

When pytest-timeout strikes, this tells a hang from a search that ran out of time: if examples
were passing and the one running had taken no longer than a few of them, the implementation did
not hang; the machine was too slow for the timeout. That spec is then an error (it could not be
decided), never a fail blamed on the student. The search stops there: Hypothesis would otherwise
take the timeout for a failing example, replay it, and call the student's code flaky.
"""
import functools
import time

from .messages import say

# An example that has run this many times longer than the longest that passed is taken for a hang.
# Under load one example's time varies by 2-3x (a loaded machine, a larger drawn input); a hang runs
# until the timeout.
HANG_FACTOR = 4


class SearchTimeout(BaseException):
    """The spec's time ran out while its examples were passing. A BaseException outside
    Hypothesis's failure types: it ends the search at once, with no shrinking and no replay."""


def is_timeout(exc):
    """pytest-timeout's own failure ("Timeout >5s", or "Timeout (>5s) from pytest-timeout.")."""
    return type(exc).__name__ == "Failed" and str(exc).startswith("Timeout")


class Pace:
    """What the search of one spec has done so far."""

    def __init__(self, timeout=None):
        self.timeout = timeout
        self.passed, self.longest, self.failed = 0, 0.0, False

    def ran_out_of_time(self, elapsed):
        """Is a timeout that struck an example after `elapsed` s the search's budget, not a hang?
        (Before any example passed, `longest` is 0: a hang.)"""
        return not self.failed and elapsed < HANG_FACTOR * self.longest

    def explain(self, elapsed):
        timeout = self.timeout
        limit = f"{timeout:g} s" if timeout else "its timeout"
        limit_zh = f"{timeout:g} 秒" if timeout else "时限"
        return say(
            f"the spec ran out of time ({limit}) while its examples were passing: {self.passed} passed, the "
            f"longest in {self.longest:.1f} s, and the one running had taken {elapsed:.1f} s. The implementation "
            "did not hang; this machine was too slow for the timeout: judge again with a larger --timeout or fewer jobs",
            f"这个测试在时限（{limit_zh}）内没有跑完，而它的例子都在通过：已通过 {self.passed} 个，最长的用了 "
            f"{self.longest:.1f} 秒，正在运行的这个只用了 {elapsed:.1f} 秒。实现并没有卡住，是这台机器对这个时限来说太慢："
            "用更大的 --timeout 或更少的并行任务重新评判",
        )


_current = Pace()  # the search of the spec now running: one per spec (watch starts it)


def watch(test, timeout=None):
    """Start a spec's search: a timeout that strikes while its examples pass raises SearchTimeout.
    `test` is the @given function (wrapped once, whatever the spec's parametrization); `timeout`
    its pytest-timeout budget in seconds."""
    global _current
    hypothesis = getattr(test, "hypothesis", None)
    if hypothesis is None:
        return
    _current = Pace(timeout)
    if getattr(hypothesis.inner_test, "_specs_paced", False):
        return
    inner = hypothesis.inner_test

    @functools.wraps(inner)  # Hypothesis names the example after it
    def paced(*args, **kwargs):
        pace, started = _current, time.monotonic()
        try:
            result = inner(*args, **kwargs)
        except BaseException as exc:
            elapsed = time.monotonic() - started
            if is_timeout(exc) and pace.ran_out_of_time(elapsed):
                raise SearchTimeout(pace.explain(elapsed)) from None
            pace.failed = True  # a timeout while shrinking a real failure stays that failure's
            raise
        pace.passed += 1
        pace.longest = max(pace.longest, time.monotonic() - started)
        return result

    paced._specs_paced = True
    hypothesis.inner_test = paced
