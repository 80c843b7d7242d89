"""Hostile: raise KeyboardInterrupt from inside the role, as if the instructor pressed Ctrl-C.

In a process that ran the role, pytest would stop the whole session (the report cut short, the
failure never recorded). MyQueue.get() raises it; the queue never hands an item out (wrong on
queue.fifo): the claim must fail, and the run go on to write its report.
"""
import queue


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise KeyboardInterrupt
