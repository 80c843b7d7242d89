"""Hostile: put another file in the wire's place (dup2 over its descriptor).

Inside MyQueue.get() the package dup2()s /dev/null over the wire's descriptor: the stub's reply
goes nowhere, and the judge's end of the wire is left without a subject. The queue is otherwise
correct: the judge must not wait forever nor count the silence as a pass; the spec fails,
saying the wire was closed.
"""
import os
import queue


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
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, wire_fd())
        os.close(devnull)
        return item
