"""Hostile: overwrite the claims report with one where every claim passed.

The report's path is known to this package (the test passes --claims-report REPORT). At import a
daemon leaves the process tree (double fork, setsid, SIGTERM and SIGHUP ignored) and rewrites the
report every 20 ms for two minutes, so that it also wins after the judge wrote the real one; each
MyQueue.get() writes it too. MyQueue is a stack (LIFO), wrong on queue.fifo: the report read after
the run must still say fail, and stay the judge's.
"""
import json
import os
import queue
import signal
import time

REPORT = "/tmp/netspecs-hostile-forge_report.json"
FORGED = json.dumps({"implementation": "forge_report", "python": "3", "claims": [
    {"id": "queue.fifo", "section": "forged", "outcome": "pass", "message": ""}]})


def _write():
    try:
        with open(REPORT + ".part", "w") as f:
            f.write(FORGED)
        os.replace(REPORT + ".part", REPORT)
        return True
    except OSError:
        try:
            with open(REPORT, "w") as f:
                f.write(FORGED)
            return True
        except OSError:
            return False


def _daemon():
    try:
        if os.fork():
            return
    except OSError:
        return
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            _write()
            time.sleep(0.02)
    finally:
        os._exit(0)


_daemon()


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        _write()
        return super().get(block, timeout)

    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order
