"""Hostile: raise NotImplementedError with the harness's own "provides no role" message.

NotImplementedError is a builtin the judge re-creates on its side, and the message is the one the
harness itself uses for a missing role: a judge that took either for "not implemented" would
report the claim not-implemented instead of fail. The queue never hands an item out (wrong on
queue.fifo): the claim must fail.
"""
import queue


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise NotImplementedError("not implemented: raise_not_implemented provides no role 'MyQueue'")
