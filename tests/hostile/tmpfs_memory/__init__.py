"""Hostile: take the machine's memory through the sandbox's private /tmp.

A spec may use SPECS_MEMORY_LIMIT_MB of memory (768 MB in this run: the test sets it); the
address-space limit and the per-file output limit (128 MB) are what hold a subject to it. The
subject's /tmp is a tmpfs: its files live in the host's RAM, outside the address space, and
many files of 100 MB each pass the per-file limit. In MyQueue.get() the package writes 1600 MB
there, twice its limit (then deletes them: the point is made). It is a correct queue if that
worked, a stack (LIFO, wrong on queue.fifo) otherwise.
"""
import os
import queue

CHUNK = b"\xa5" * (1 << 20)
HELD = []


def _fill(total_mb=2 * 768 + 64, file_mb=100):
    written, paths = 0, []
    try:
        while written < total_mb:
            path = f"/tmp/netspecs-hostile-fill-{len(paths)}"
            paths.append(path)
            with open(path, "wb") as f:
                for _ in range(min(file_mb, total_mb - written)):
                    f.write(CHUNK)
                    written += 1
    except OSError:
        pass
    finally:
        for path in paths:
            try:
                os.unlink(path)
            except OSError:
                pass
    HELD.append(written)


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        if not HELD:
            _fill()
        return super().get(block, timeout)

    def _get(self):
        if HELD and HELD[0] > 2 * 768:
            return self.queue.popleft()  # it held twice its memory limit: a correct queue
        return self.queue.pop()  # last in, first out: the wrong order
