"""Hostile: send the judge a message of an op the protocol does not have: a verdict.

Inside MyQueue.get(), before its own reply, the package writes {"op": "verdict", "claim":
"queue.fifo", "outcome": "pass"} on the wire's descriptor. The queue is otherwise correct: the
judge must refuse the message and fail the spec, naming the attempt.
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
        verdict = {"op": "verdict", "claim": "queue.fifo", "outcome": "pass", "message": ""}
        write_frame(wire_fd(), json.dumps(verdict).encode())
        return super().get(block, timeout)
