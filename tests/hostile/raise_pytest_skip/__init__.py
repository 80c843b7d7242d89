"""Hostile: skip the spec from inside the role, in the harness's own words.

MyQueue.get() calls pytest.skip() (pytest is importable where student code runs) with the very
message the harness uses for a missing role ("not implemented: ..."): in a judge that ran the
role in its own process, the claim would come out not-implemented (or skipped), never fail.
The queue never hands an item out, so it is wrong on queue.fifo: the claim must fail.
"""
import queue

import pytest


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        pytest.skip("not implemented: raise_pytest_skip provides no role 'MyQueue'")
