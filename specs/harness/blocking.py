"""Claims of the form "this call blocks until that happens", and "this call does not block".

Modelled on CPython's test_queue: the call runs in a helper thread; if it returns before the
trigger ran, it did not block; if it has not returned well after the trigger, it blocked for good.
"""
import threading
import time

from .messages import say

# How long the call must stay blocked before we trigger. Only a lower bound on a genuine block:
# a slow machine makes the check weaker, never wrong.
SETTLE = 0.2
# How long after the trigger the call may take to return: generous, it only bounds a hang.
AFTER_TRIGGER = 10.0


class Patience:
    """How long to wait for something that should happen soon.

    Generous until the thing first fails to happen; from then on three times the slowest success
    seen (at least `floor`): once a spec has seen a hang, Hypothesis replays and shrinks the failing
    example many times, and each replay need not wait the generous bound again. A correct
    implementation never misses, so never meets the shorter bound.
    """

    def __init__(self, generous=AFTER_TRIGGER, floor=0.1):
        self.generous, self.floor, self.missed, self.slowest = generous, floor, False, 0.0

    @property
    def seconds(self):
        return max(self.floor, 3 * self.slowest) if self.missed else self.generous

    def miss(self):
        self.missed = True

    def succeeded(self, elapsed):
        self.slowest = max(self.slowest, elapsed)


def _wait(event, timeout):
    """Wait on event for a float timeout or a Patience; a Patience remembers the miss."""
    if isinstance(timeout, Patience):
        started = time.monotonic()
        if event.wait(timeout.seconds):
            timeout.succeeded(time.monotonic() - started)
            return True
        timeout.miss()
        return False
    return event.wait(timeout)


def _seconds(timeout):
    return timeout.generous if isinstance(timeout, Patience) else timeout


class PendingCall:
    """A call running in a helper thread, for claims about when it returns."""

    def __init__(self, func, name):
        self.done = threading.Event()
        self.value = self.error = None
        self.thread = threading.Thread(target=self._run, args=(func,), name=name, daemon=True)
        self.thread.start()

    def _run(self, func):
        try:
            self.value = func()
        except BaseException as exc:
            self.error = exc
        finally:
            self.done.set()

    def outcome(self):
        """What the call did, as the end of a sentence ("it returned 3"), in the run's language."""
        if self.error is not None:
            return say(f"raised {type(self.error).__name__}: {self.error}", f"抛出了 {type(self.error).__name__}: {self.error}")
        return say(f"returned {self.value!r}", f"返回了 {self.value!r}")

    def assert_still_blocked(self, what, settle=SETTLE):
        if self.done.wait(settle):
            raise AssertionError(say(f"{what}: expected it to still block, but it {self.outcome()}",
                                     f"{what}：应当仍然阻塞，实际却{self.outcome()}"))

    def assert_returns(self, what, timeout=AFTER_TRIGGER):
        """It must return now (within timeout); re-raises what it raised; returns its value."""
        if not _wait(self.done, timeout):
            raise AssertionError(say(f"{what}: still blocked {_seconds(timeout):.0f} s after the event that should release it",
                                     f"{what}：本应放行它的事件发生 {_seconds(timeout):.0f} 秒后，它仍然阻塞"))
        if self.error is not None:
            raise self.error
        return self.value


def assert_blocks_until(blocking, trigger, *, what, settle=SETTLE, timeout=AFTER_TRIGGER):
    """`blocking()` must not return before `trigger()` has run, and must return after it.

    Returns what `blocking()` returned; re-raises what it raised after the trigger.
    """
    call = PendingCall(blocking, f"blocking: {what}")
    if call.done.wait(settle):
        raise AssertionError(say(f"{what}: expected it to block, but it {call.outcome()} at once",
                                 f"{what}：应当阻塞，实际却立即{call.outcome()}"))
    trigger()
    return call.assert_returns(what, timeout)


def assert_stays_blocked(blocking, *, what, settle=SETTLE):
    """`blocking()` must not return within `settle` seconds. Returns the PendingCall, to release
    it step by step (if it never returns, its daemon thread dies with the spec's process)."""
    call = PendingCall(blocking, f"blocking: {what}")
    if call.done.wait(settle):
        raise AssertionError(say(f"{what}: expected it to block, but it {call.outcome()}",
                                 f"{what}：应当阻塞，实际却{call.outcome()}"))
    return call


def assert_returns_promptly(func, *, what, timeout=AFTER_TRIGGER):
    """`func()` must return (or raise) without waiting on anything; returns its value."""
    call = PendingCall(func, f"prompt: {what}")
    if not _wait(call.done, timeout):
        raise AssertionError(say(f"{what}: expected it to return, but it was still blocked after {_seconds(timeout):.0f} s",
                                 f"{what}：应当返回，实际过了 {_seconds(timeout):.0f} 秒仍然阻塞"))
    if call.error is not None:
        raise call.error
    return call.value
