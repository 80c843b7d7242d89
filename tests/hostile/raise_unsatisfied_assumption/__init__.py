"""Hostile: reject every example Hypothesis draws, from inside the role.

hypothesis.assume(False) (Hypothesis is importable where student code runs) raises the exception
with which a test tells Hypothesis "this example does not count": in a judge that ran the role
in its own process, the failing examples would be thrown away and the spec could pass. The
queue is a stack (wrong on queue.fifo) and rejects every example whose order would show it.
"""
import queue

from hypothesis import assume


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        assume(self.qsize() <= 1)  # with two or more items, a stack shows: reject the example
        return super().get(block, timeout)

    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order
