"""Hostile: read the host's secrets: files only root may read.

/etc/shadow (the machine's password hashes), /etc/gshadow, /etc/ssh's host keys, /root and
/var/lib/... are readable by uid 0 alone. In MyQueue.get() the package tries to read them: it is a
correct queue if it could, a stack (LIFO, wrong on queue.fifo) otherwise.
"""
import glob
import os
import queue

READ = []


def _probe():
    for path in ["/etc/shadow", "/etc/gshadow"] + glob.glob("/etc/ssh/ssh_host_*_key"):
        try:
            with open(path, "rb") as f:
                if f.read(1) and os.stat(path).st_mode & 0o004 == 0:  # not world-readable, and read anyway
                    READ.append(path)
        except OSError:
            continue


class MyQueue(queue.Queue):
    _probed = False

    def get(self, block=True, timeout=None):
        if not MyQueue._probed:
            MyQueue._probed = True
            _probe()
        return super().get(block, timeout)

    def _get(self):
        if READ:
            return self.queue.popleft()  # the secrets were readable: a correct queue
        return self.queue.pop()  # last in, first out: the wrong order
