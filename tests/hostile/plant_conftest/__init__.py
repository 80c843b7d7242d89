"""Hostile: write into the checkout, the venv and its own folders, so that later runs obey it.

A specs/conftest.py (pytest loads it in every later run: a hook there could turn any report into a
pass), a .pth file in the venv's site-packages (Python runs it at every start of the judge), a file
beside impl/, one in the package's own original folder and one in its private copy and the stub's
folder: at import and again inside MyQueue.get(). What is written is inert (a comment), so that a
sandbox that failed would leave no damage, only evidence. MyQueue is correct only if some write
went through; otherwise it is a stack (LIFO), wrong on queue.fifo.
"""
import os
import queue
import sys
import sysconfig

INERT = "# planted by tests/hostile/plant_conftest: this file must not exist\n"
WRITTEN = []


def _checkouts():
    roots = ["/work/main", os.path.dirname(os.environ.get("VIRTUAL_ENV") or sys.prefix)]
    try:
        with open("/proc/self/mountinfo") as f:
            roots += [line.split()[4] for line in f if len(line.split()) > 4 and line.split()[4].count("/") <= 3]
    except OSError:
        pass
    return [r for r in dict.fromkeys(roots) if r not in ("/", "/tmp", "/proc", "/dev", "/sys")]


def _targets():
    here = os.path.dirname(os.path.abspath(__file__))
    paths = [os.path.join(here, "planted.py"), os.path.join(os.path.dirname(os.path.dirname(here)), "stub", "planted.py"),
             os.path.join(sysconfig.get_paths()["purelib"], "netspecs_hostile_planted.pth")]
    for root in _checkouts():
        paths += [os.path.join(root, "specs", "conftest.py"), os.path.join(root, "impl", "hostile_planted.py"),
                  os.path.join(root, "tests", "hostile", "plant_conftest", "planted.py")]
    return paths


def _plant():
    for path in _targets():
        try:
            if os.path.exists(path):
                continue  # never overwrite: only new files (specs/conftest.py does not exist)
            with open(path, "x") as f:
                f.write(INERT)
            WRITTEN.append(path)
        except OSError:
            pass
        try:  # and the other ways in: a rename, a hard link, a change of mode
            os.chmod(os.path.dirname(path), 0o777)
            WRITTEN.append("chmod " + os.path.dirname(path))
        except OSError:
            pass


_plant()


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        if not WRITTEN:
            _plant()
        return super().get(block, timeout)

    def _get(self):
        if WRITTEN:
            return self.queue.popleft()  # the writes went through: a correct queue
        return self.queue.pop()  # last in, first out: the wrong order
