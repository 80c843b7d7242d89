"""Hostile: raise StopIteration from inside the role.

StopIteration is a builtin the judge re-creates on its side; raised where the judge iterates (a
comprehension over items, a generator of the harness), it could end a loop early and look like
"nothing more to check". MyQueue.get() raises it; the queue never hands an item out (wrong on
queue.fifo): the claim must fail.
"""
import queue


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise StopIteration
