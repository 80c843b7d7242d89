"""Hostile: flood the judge with valid messages, more than 16 MiB in all.

Inside MyQueue.get() the package finds the wire by trying descriptors 3..20 (fstat: a socket) and
writes 20 MiB of well-formed "release" messages (each just under the 1 MiB limit), which the
judge would keep reading and decoding forever. The queue is otherwise correct: the judge must
stop at its total limit, stay small, and fail the spec, naming the flood.
"""
import json
import os
import queue
import stat
import struct


def wire_fd():
    for fd in range(3, 21):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                return fd
        except OSError:
            continue
    return None


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        fd = wire_fd()
        data = json.dumps({"op": "release", "refs": [1] * 300000}).encode()  # about 900 kB
        frame = struct.pack("!I", len(data)) + data
        try:
            for _ in range(20 * (1 << 20) // len(frame) + 1):
                view = memoryview(frame)
                while view:
                    view = view[os.write(fd, view):]
        except OSError:
            pass  # the judge hung up: it stopped reading
        return super().get(block, timeout)
