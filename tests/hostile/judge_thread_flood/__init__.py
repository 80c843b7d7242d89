"""Hostile: make the judge start threads without end, each blocked on the judge's own queue.

The consumer receives the spec's queue (a judge object) as a reference. In queue_consumer() the
package writes on the wire, by hand, 3000 calls of that queue's get() made by no thread of its
own: the judge carries each out in a thread of its own, and each blocks on the empty queue (then
takes the items the producer puts, for nobody). The judge must stay within its limits, end the
spec, and fail it; the consumer is otherwise correct.
"""
import json
import os
import struct


def _wire_fd():
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                return int(name)
        except OSError:
            continue
    return None


def _flood(q):
    target = object.__getattribute__(q, "_target")  # {"$ref": n}: the judge's queue
    fd = _wire_fd()
    for k in range(3000):
        data = json.dumps({"op": "call", "id": 10 ** 9 + k, "target": target, "attr": "get", "args": [],
                           "kwargs": {}}).encode()
        try:
            os.write(fd, struct.pack("!I", len(data)) + data)
        except OSError:
            return


def queue_producer(q, items):
    for item in items:
        q.put(item)


_flooded = []


def queue_consumer(q, handle):
    if not _flooded:
        _flooded.append(True)
        _flood(q)
    while True:
        item = q.get()
        try:
            handle(item)
        finally:
            q.task_done()
