"""Hostile: hand the judge objects that are equal to everything, and run code when looked at.

MyQueue.get() returns, instead of the item, an object whose __eq__ says True to anything (so that
`got == items` holds whatever was put), whose __ne__ says False, whose __hash__ matches any int,
whose __repr__ and __str__ raise or print a forged "passed" line, whose __bool__ and __len__ lie,
and whose __reduce__ would run a command if the judge ever unpickled it. Only plain data crosses
the wire: the judge sees a reference to a subject's object, equal to nothing but itself, so the
claim must fail, and nothing of the object may have run in the judge.
"""
import os
import queue


class Agreeable:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0

    def __repr__(self):
        return "PASSED"

    def __str__(self):
        raise RuntimeError("looked at")

    def __bool__(self):
        return True

    def __len__(self):
        return 0

    def __lt__(self, other):
        return False

    def __reduce__(self):
        return (os.system, ("touch /tmp/netspecs-hostile-value-ran",))

    def __getattr__(self, name):
        return self


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        super().get(block, timeout)
        return Agreeable()
