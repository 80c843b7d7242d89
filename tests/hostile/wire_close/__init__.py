"""Hostile: close the wire from inside a role call, so that no failure can be reported.

Inside MyQueue.get() the package closes the wire's descriptor (and shuts the socket down first,
so that no copy keeps it open): the stub cannot reply, the process keeps running. The queue is
otherwise correct: the judge must not wait forever nor count the silence as a pass; the spec
fails, saying the wire was closed.
"""
import os
import queue
import socket


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
        item = super().get(block, timeout)
        fd = wire_fd()
        try:
            socket.socket(fileno=os.dup(fd)).shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        os.close(fd)
        return item
