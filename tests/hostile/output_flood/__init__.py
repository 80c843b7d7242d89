"""Hostile: flood stdout and stderr with hundreds of megabytes, at import and inside a call.

At import the package writes 400 MB to stdout and 400 MB to stderr (1 MiB at a time, through
Python and straight to the descriptors), and does it again in the first MyQueue.get(). A judge
that buffered a subject's output in memory, or copied it into reports, would swell; the output
limit makes the writes fail (EFBIG), which the package ignores. The queue is correct: queue.fifo
still passes, and the judge stays small.
"""
import os
import queue
import sys

CHUNK = "x" * (1 << 20)


def _flood(megabytes=400):
    for stream, fd in ((sys.stdout, 1), (sys.stderr, 2)):
        for i in range(megabytes):
            try:
                if i % 2:
                    stream.write(CHUNK)
                    stream.flush()
                else:
                    os.write(fd, CHUNK.encode())
            except (OSError, ValueError):
                break  # over the output limit: File too large


_flood()


class MyQueue(queue.Queue):
    _flooded = False

    def get(self, block=True, timeout=None):
        if not MyQueue._flooded:
            MyQueue._flooded = True
            _flood()
        return super().get(block, timeout)
