"""Hostile: change the host's kernel settings from inside the sandbox.

/proc/sys holds machine-wide settings: kernel.threads-max (set to 1, nothing on the machine can
start a thread), vm.overcommit_memory, kernel.core_pattern and kernel.modprobe (programs the
kernel itself runs as root, outside any sandbox). They are writable by uid 0, capabilities or
not. In MyQueue.get() the package opens them for writing, and writes nothing (a test must not
harm the machine it proves things on): it is a correct queue if any open succeeded, a stack
(LIFO, wrong on queue.fifo) otherwise.
"""
import os
import queue

SETTINGS = ("kernel/threads-max", "vm/overcommit_memory", "kernel/core_pattern", "kernel/modprobe", "vm/drop_caches")
WRITABLE = []


def _probe():
    for name in SETTINGS:
        try:
            fd = os.open("/proc/sys/" + name, os.O_WRONLY)
        except OSError:
            continue
        os.close(fd)  # nothing written
        WRITABLE.append(name)


class MyQueue(queue.Queue):
    _probed = False

    def get(self, block=True, timeout=None):
        if not MyQueue._probed:
            MyQueue._probed = True
            _probe()
        return super().get(block, timeout)

    def _get(self):
        if WRITABLE:
            return self.queue.popleft()  # the host's settings were writable: a correct queue
        return self.queue.pop()  # last in, first out: the wrong order
