"""Hostile: send the judge a frame that is not JSON (a pickle, which a careless peer would load).

Inside MyQueue.get() the package writes a well-formed length header followed by a pickle whose
loading would run code (os.system). The queue is otherwise correct: the judge must refuse the
frame (it reads JSON only), run nothing, and fail the spec, naming the attempt.
"""
import os
import pickle
import queue
import struct


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("touch /tmp/netspecs-hostile-pickle-ran",))


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
        data = pickle.dumps({"op": "reply", "value": _RunsCode()}) + b"\xff\xfe{not json"
        os.write(wire_fd(), struct.pack("!I", len(data)) + data)
        return super().get(block, timeout)
