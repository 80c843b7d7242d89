"""Hostile: skip the spec from inside the role with unittest.SkipTest (pytest honours it too).

MyQueue.get() raises unittest.SkipTest: in a judge that ran the role in its own process, pytest
would report the spec skipped. The queue never hands an item out (wrong on queue.fifo): the
claim must fail.
"""
import queue
import unittest


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise unittest.SkipTest("not implemented: skipped on purpose")
