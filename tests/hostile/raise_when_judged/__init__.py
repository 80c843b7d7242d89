"""Hostile: behave only when watched; dodge (skip) when being judged.

The package looks for signs of a test run (PYTEST_CURRENT_TEST and other PYTEST_*, SPECS_* or
HYPOTHESIS_* variables, pytest or hypothesis already imported, a pytest process among its
ancestors) and then raises pytest's skip; otherwise it is a stack (LIFO). Either way queue.fifo
must fail: under the judge there are no such signs (a clean environment, its own processes only),
so the stack is what is judged.
"""
import os
import queue
import sys


def _judged():
    if any(k.startswith(("PYTEST", "SPECS_", "HYPOTHESIS")) for k in os.environ):
        return True
    if "pytest" in sys.modules or "_pytest" in sys.modules or "hypothesis" in sys.modules:
        return True
    pid = os.getppid()
    for _ in range(10):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"pytest" in f.read():
                    return True
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 1:
            break
    return False


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        if _judged():
            import pytest

            pytest.skip("not implemented: MyQueue is skipped while judged")
        return super().get(block, timeout)

    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order
