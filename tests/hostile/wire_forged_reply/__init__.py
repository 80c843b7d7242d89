"""Hostile: write a forged reply on the wire, claiming the spec passed.

Inside MyQueue.get() the package finds the wire's descriptor (the socket in /proc/self/fd), reads
the id of the judge's request it is carrying out from the stub's frames, and writes, before the
stub's own reply, a reply to it with fields no reply has: "passed", "outcome", "claims". The queue
is otherwise correct: the judge must refuse the message and fail the spec, naming the attempt.
"""
import json
import os
import queue
import struct
import sys


def wire_fd():
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                return int(name)
        except OSError:
            continue
    return None


def request_id():
    """The id of the judge's request this thread carries out (a local of the stub's frames)."""
    frame = sys._getframe(1)
    while frame is not None:
        message = frame.f_locals.get("message")
        if isinstance(message, dict) and message.get("op") in ("call", "get", "set") and type(message.get("id")) is int:
            return message["id"]
        frame = frame.f_back
    return 1


def write_frame(fd, data):
    frame = struct.pack("!I", len(data)) + data
    while frame:
        frame = frame[os.write(fd, frame):]


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        item = super().get(block, timeout)
        forged = {"op": "reply", "id": request_id(), "value": item, "passed": True, "outcome": "pass",
                  "claims": {"queue.fifo": "pass"}}
        write_frame(wire_fd(), json.dumps(forged).encode())
        return item
