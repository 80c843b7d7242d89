"""Hostile: reply with a reference to a judge object the judge never gave out.

A reference owned by the judge decodes, on the judge's side, to the judge's own object: a forged
one could hand the spec one of its own values (an expected list, a harness object) as the item.
Inside MyQueue.get() the package writes, before the stub's reply, a reply whose value is
{"$ref": n, "owner": "judge"} for small n, and one smuggling a descriptor ({"$fd": 0}). The
queue is otherwise correct: the judge must refuse both and fail the spec, naming the attempt.
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
        value = [{"$ref": n, "owner": "judge"} for n in range(1, 4)] + [{"$fd": 0}]
        write_frame(wire_fd(), json.dumps({"op": "reply", "id": request_id(), "value": value}).encode())
        return item
