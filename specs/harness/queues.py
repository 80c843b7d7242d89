"""A judge-owned queue whose timed put() on a full queue times out without real waiting, and
which sees when consumers have looked at it."""
import queue
import threading

from . import wire
from .messages import say


class ImpatientQueue(queue.Queue):
    """queue.Queue, except that the first timed put() of an item that finds the queue full raises
    queue.Full at once, as if the consumer were slower than any timeout. A producer that waits
    (put() without a timeout) or retries still delivers every item; `dropped()` names the items
    one that gives up never put. It also notes which threads looked at it (get(), get_nowait(),
    empty(), qsize()), so that a spec can hold the producer until every consumer has found it empty."""

    def __init__(self, maxsize=0):
        super().__init__(maxsize)
        self.refused, self.accepted = [], []
        self.lookers, self._looked = set(), threading.Condition()

    def _look(self):
        with self._looked:
            self.lookers.add(looker())
            self._looked.notify_all()

    def wait_for_lookers(self, count, timeout, besides=None):
        """Until `count` threads other than `besides` (a looker(): the producer's own looks do not
        count) have looked at the queue, or timeout s: whether they have."""
        with self._looked:
            return self._looked.wait_for(lambda: len(self.lookers - {besides}) >= count, timeout)

    def get(self, block=True, timeout=None):  # get_nowait() comes here too
        self._look()
        return super().get(block, timeout)

    def empty(self):
        self._look()
        return super().empty()

    def qsize(self):
        self._look()
        return super().qsize()

    def put(self, item, block=True, timeout=None):
        if block and timeout is not None:
            with self.mutex:
                if 0 < self.maxsize <= self._qsize() and item not in self.refused:
                    self.refused.append(item)
                    raise queue.Full
        super().put(item, block, timeout)

    def _put(self, item):  # under the mutex
        self.accepted.append(item)
        super()._put(item)

    def dropped(self):
        """Items refused by a timed put() and never put after (final once the producer returned)."""
        with self.mutex:
            return [x for x in self.refused if x not in self.accepted]


def looker():
    """Who is calling: the subject's thread making the call through the wire (its process and
    thread), else (in the judge's own process) this thread."""
    who = wire.caller()
    return (who.get("pid"), who.get("thread")) if who else ("judge", threading.get_ident())


def dropped_reason(dropped, where):
    """Why the producer lost items, for a student (`where`: the case, in the run's language)."""
    return say(f"{where}: queue_producer's put(item, timeout=...) found the queue full and raised queue.Full, "
               f"and these items were never put: {dropped}. A producer waits while the queue is full: put() "
               "without a timeout, or retry until the item is in the queue (a consumer may be slower than any timeout)",
               f"{where}：queue_producer 的 put(item, timeout=...) 遇到队列已满，抛出了 queue.Full，"
               f"这些元素再也没有放进队列：{dropped}。队列满时生产者应当等待：调用不带超时的 put()，"
               "或者重试直到元素放进队列（消费者可能比任何超时都慢）")
