"""Hostile: raise GeneratorExit from inside the role.

GeneratorExit is a BaseException that generator-based code (context managers, Hypothesis's
internals) lets through silently. MyQueue.get() raises it; the queue never hands an item out
(wrong on queue.fifo): the claim must fail.
"""
import queue


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise GeneratorExit
