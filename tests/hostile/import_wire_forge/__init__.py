"""Hostile: write on the wire at import, before the stub has said hello.

At import the package writes a forged reply (to the probe it expects: "every role present, no
signature problem") on the wire's descriptor, before the stub's own first message. The judge
must take nothing of it: the run stops before any spec with one line saying the package wrote
outside the wire (no claim is judged, so none can pass).
"""
import json
import os
import queue
import struct


def _wire_fd():
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                return int(name)
        except OSError:
            continue
    return None


_forged = {"op": "reply", "id": 1, "value": {"$dict": [["error", None], ["roles", {"$dict": [["MyQueue", "ok"]]}],
                                                      ["signature_problems", {"$dict": []}]]}}
_data = json.dumps(_forged).encode()
_fd = _wire_fd()
if _fd is not None:
    os.write(_fd, struct.pack("!I", len(_data)) + _data)


class MyQueue(queue.Queue):
    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order
