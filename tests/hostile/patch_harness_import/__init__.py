"""Hostile: at import, patch the test machinery so that every verdict reads "passed".

The queue is a stack (LIFO): wrong on queue.fifo. In a process that judged it, these patches
would turn the failure into a pass: pytest's report classes always say "passed", Hypothesis runs
no example, AssertionError is swallowed, and the harness modules (specs.harness.*) are replaced.
In a subject they reach nothing but the subject's own copies (the harness is not even there).
"""
import builtins
import queue
import sys
import types

PATCHED = []


def _always_passed(*args, **kwargs):
    return None


def _patch_pytest():
    try:
        import _pytest.reports
        import _pytest.runner
    except Exception:
        return
    for cls in (_pytest.reports.TestReport, _pytest.reports.CollectReport):
        cls.passed = property(lambda self: True)
        cls.failed = property(lambda self: False)
        cls.skipped = property(lambda self: False)
    _pytest.reports.TestReport.outcome = "passed"
    _pytest.runner.call_and_report = lambda item, when, log=True, **kw: _pytest.reports.TestReport(
        item.nodeid, item.location, {}, "passed", None, when)
    PATCHED.append("pytest")


def _patch_hypothesis():
    try:
        import hypothesis
        import hypothesis.core
    except Exception:
        return
    hypothesis.given = lambda *a, **k: (lambda test: _always_passed)
    hypothesis.core.given = hypothesis.given
    hypothesis.assume = lambda condition: True
    PATCHED.append("hypothesis")


def _patch_harness():
    # the judge's modules, by their real names: importable only where the judge runs
    for name in ("specs.harness.plugin", "specs.harness.report", "specs.harness.isolation", "specs.harness.wire"):
        try:
            module = __import__(name, fromlist=["*"])
        except Exception:
            module = types.ModuleType(name)
            sys.modules[name] = module  # planted for whoever imports it next in this process
        module.spec_outcome = lambda report: ("pass", "")
        module.run_item_forked = lambda *a, **k: []
        module.WireViolation = type("WireViolation", (Exception,), {})
    PATCHED.append("harness")


def _patch_builtins():
    class Harmless(Exception):
        pass

    builtins.AssertionError = Harmless  # an `assert` statement still raises the real one
    PATCHED.append("builtins")


for _patch in (_patch_pytest, _patch_hypothesis, _patch_harness, _patch_builtins):
    try:
        _patch()
    except Exception:
        pass


class MyQueue(queue.Queue):
    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order
