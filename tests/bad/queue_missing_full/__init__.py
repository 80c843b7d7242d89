"""A MyQueue that never got its full(): everything else is queue.Queue's. Only the claims whose
specs call full() fail, with the missing method named; the rest of the queue is still judged."""
import queue


class MyQueue:
    def __init__(self, maxsize=0):
        self._queue = queue.Queue(maxsize)

    def __getattr__(self, name):
        if name == "full":  # as if the student never wrote it
            raise AttributeError(f"'MyQueue' object has no attribute {name!r}")
        return getattr(self._queue, name)
