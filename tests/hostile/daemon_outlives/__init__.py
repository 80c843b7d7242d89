"""Hostile: leave a server running on the machine, for later (a backdoor, a helper for classmates).

At import, and again in the first MyQueue.get(), the package starts a daemon that leaves the
process tree (double fork, setsid, its descriptors closed, SIGTERM, SIGHUP and SIGINT ignored),
listens on 0.0.0.0 (a fixed port and a free one) and waits ten minutes. The queue is correct, so
queue.fifo still passes; nothing of the daemon may outlive the run: no process, no listener.
"""
import os
import queue
import signal
import socket
import time

STARTED = []


def _daemon():
    try:
        if os.fork():
            STARTED.append(True)
            return
    except OSError:
        return
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        os.closerange(3, 256)  # the wire among them: the daemon is on its own now
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        listeners = []
        for port in (18765, 0):
            try:
                listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                listener.bind(("0.0.0.0", port))
                listener.listen(5)
                listeners.append(listener)
            except OSError:
                pass
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            time.sleep(1)
    finally:
        os._exit(0)


_daemon()


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        if len(STARTED) < 2:
            _daemon()
        return super().get(block, timeout)
