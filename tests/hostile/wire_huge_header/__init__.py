"""Hostile: announce a 2 GiB message on the wire.

Inside MyQueue.get() the package writes a length header of 2**31 bytes, then a little data: a
judge that believed the header would try to read (and hold) 2 GiB. The queue is otherwise
correct: the judge must refuse the header at once, stay small, and fail the spec, naming it.
"""
import os
import queue
import struct


def wire_fd():
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                return int(name)
        except OSError:
            continue
    return None


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        os.write(wire_fd(), struct.pack("!I", 1 << 31) + b'{"op": "reply", "id": 1, "value": ' + b"1" * 4096)
        return super().get(block, timeout)
