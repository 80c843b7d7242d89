"""Hostile: answer a question the judge never asked.

Inside MyQueue.get() the package writes well-formed replies to request ids the judge never used
(a guess at a future call, answered in advance with "True"). The queue is otherwise correct: the
judge must refuse them and fail the spec, naming the attempt.
"""
import json
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


def write_frame(fd, data):
    frame = struct.pack("!I", len(data)) + data
    while frame:
        frame = frame[os.write(fd, frame):]


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        for guess in (987654321, 10 ** 6, 5000):
            write_frame(wire_fd(), json.dumps({"op": "reply", "id": guess, "value": True}).encode())
        return super().get(block, timeout)
