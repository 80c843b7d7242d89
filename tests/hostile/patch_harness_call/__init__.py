"""Hostile: inside a role call, patch the test machinery so that every verdict reads "passed".

As patch_harness_import, but from inside MyQueue.get(), where code runs while the judge waits for
it: the judge's modules, found by walking every loaded module and every frame on the stack
(sys.modules, sys._current_frames(), gc), have their report, outcome and failure machinery
replaced, and the exception the judge would raise is swallowed. The queue is a stack (wrong on
queue.fifo); the subject's own stub and wire are patched too, which reaches nothing of the judge.
"""
import gc
import queue
import sys

ATTEMPTS = []


def _patch_everything():
    targets = {
        "_pytest.reports": ("TestReport",),
        "_pytest.runner": ("call_and_report", "runtestprotocol"),
        "hypothesis.core": ("given",),
        "specs.harness.report": ("spec_outcome",),
        "specs.harness.isolation": ("run_item_forked",),
        "specs.harness.blocking": ("assert_returns_promptly",),
        "specs.test_queues": ("check_fifo",),
    }
    for name, attrs in targets.items():
        try:
            module = __import__(name, fromlist=["*"])
        except Exception as exc:
            ATTEMPTS.append(f"{name}: {type(exc).__name__}")
            continue
        for attr in attrs:
            setattr(module, attr, lambda *a, **k: None)
        ATTEMPTS.append(f"{name}: patched")
    # anything on any thread's stack that looks like the judge's spec code: its globals lose their checks
    for frame in sys._current_frames().values():
        while frame is not None:
            for key in ("check_fifo", "assert_returns_promptly", "_get", "_put"):
                if key in frame.f_globals:
                    frame.f_globals[key] = lambda *a, **k: None
            frame = frame.f_back
    # the wire: make every error this side reports into a plain value, and every violation harmless
    for obj in gc.get_objects():
        if type(obj).__name__ == "Codec" and hasattr(obj, "encode_error"):
            obj.encode_error = lambda exc: None
    wire = sys.modules.get("_netspecs_wire")
    if wire is not None:
        wire.WireViolation.__init__ = lambda self, what: Exception.__init__(self, "passed")


class MyQueue(queue.Queue):
    _patched = False

    def get(self, block=True, timeout=None):
        if not MyQueue._patched:
            MyQueue._patched = True
            _patch_everything()
        return super().get(block, timeout)

    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order
