"""Hostile: read from the wire, to take the judge's requests before the stub sees them.

Inside the first MyQueue.put() the package starts a thread that reads the wire's descriptor
itself, on a duplicate of it, and throws away what it gets: the judge's next requests (the puts
and gets the spec checks the order with) never reach the queue, or reach the stub cut in half.
Whatever the race gives, the judge must not wait forever nor take silence for an answer: the
spec fails (the queue is otherwise correct).
"""
import os
import queue
import threading


def wire_fd():
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                return int(name)
        except OSError:
            continue
    return None


STOLEN = []


def _steal(fd):
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            return
        if not data:
            return
        STOLEN.append(len(data))


class MyQueue(queue.Queue):
    _thief = None

    def put(self, item, block=True, timeout=None):
        if MyQueue._thief is None:
            MyQueue._thief = threading.Thread(target=_steal, args=(os.dup(wire_fd()),), daemon=True)
            MyQueue._thief.start()
        return super().put(item, block, timeout)
