"""Hostile: raise SystemExit(0) from inside the role, to end the judge "successfully".

In a process that ran the role, SystemExit would unwind the test (or the whole run, with exit
code 0) instead of failing it. MyQueue.get() raises it; the queue never hands an item out (wrong
on queue.fifo): the claim must fail, and the rest of the run go on.
"""
import queue


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise SystemExit(0)
