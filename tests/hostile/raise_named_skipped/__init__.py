"""Hostile: raise an exception that says it is pytest's Skipped (and a builtin), by its names.

The judge re-creates an exception from its type's name; this one is named Skipped, claims to live
in builtins (a name lookup there finds nothing, or something else), and is a BaseException, like
pytest's own. A second one is named like pytest's (_pytest.outcomes.Skipped). MyQueue.get() raises
one or the other; the queue never hands an item out (wrong on queue.fifo): the claim must fail.
"""
import itertools
import queue


class Skipped(BaseException):
    pass


Skipped.__module__ = "builtins"


class PytestSkipped(BaseException):
    msg = "not implemented: MyQueue"
    allow_module_level = True


PytestSkipped.__module__, PytestSkipped.__qualname__, PytestSkipped.__name__ = "_pytest.outcomes", "Skipped", "Skipped"
_turns = itertools.cycle([Skipped, PytestSkipped])


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise next(_turns)("not implemented: raise_named_skipped provides no role 'MyQueue'")
