"""Hostile: copy the reference implementation instead of writing one.

MyQueue is whatever the reference's MyQueue is, if any way to it works: `from impl.queues import
MyQueue` (with the checkout on sys.path, found from this file, the working folder, the venv's
location or /proc/self/mountinfo), reading impl/queues.py (or any file of the checkout, its .git
included) and executing it, or finding the file anywhere below a few likely roots. Without it the
package falls back to a stack (LIFO), wrong on queue.fifo: the claim passes only if the theft
worked (or if any file of the checkout was readable at all).
"""
import os
import queue
import sys
import time

FOUND = []


def _candidate_roots():
    roots = ["/work/main", os.getcwd()]
    here = os.path.dirname(os.path.abspath(__file__))
    for _ in range(4):
        roots.append(here)
        here = os.path.dirname(here)
    venv = os.environ.get("VIRTUAL_ENV") or sys.prefix
    roots.append(os.path.dirname(venv))  # a venv inside the checkout: its parent is the checkout
    try:
        with open("/proc/self/mountinfo") as f:  # the hidden folders are mount points: they name the checkout
            for line in f:
                fields = line.split()
                if len(fields) > 4:
                    roots.append(fields[4])
    except OSError:
        pass
    return [r for r in dict.fromkeys(roots) if r and r != "/"]


def _from_source(path):
    with open(path) as f:
        source = f.read()
    namespace = {"__name__": "stolen"}
    exec(compile(source, path, "exec"), namespace)  # noqa: S102 (the point of the attack)
    return namespace.get("MyQueue")


def _steal():
    for root in _candidate_roots():
        sys.path.insert(0, root)
        try:
            from impl.queues import MyQueue as stolen  # noqa: F811

            FOUND.append(f"import from {root}")
            return stolen
        except Exception:
            pass
        finally:
            sys.path.remove(root)
        for relative in ("impl/queues.py", "impl/__init__.py", "CONTRACT.md", "specs/harness/wire.py", ".git/HEAD"):
            path = os.path.join(root, relative)
            try:
                if relative == "impl/queues.py":
                    stolen = _from_source(path)
                    if stolen is not None:
                        FOUND.append(f"read {path}")
                        return stolen
                with open(path, "rb") as f:
                    if f.read(1):
                        FOUND.append(f"readable {path}")  # the checkout is visible: the reference is next
            except Exception:
                pass
    deadline = time.monotonic() + 3
    for base in ("/home", "/opt", "/srv", "/var", "/usr/local", "/root", "/mnt"):
        for top, dirs, files in os.walk(base):
            if time.monotonic() > deadline:
                return None
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "node_modules")]
            if "queues.py" in files and os.path.basename(top) == "impl":
                try:
                    stolen = _from_source(os.path.join(top, "queues.py"))
                except Exception:
                    continue
                if stolen is not None:
                    FOUND.append(f"found {top}")
                    return stolen
    return None


class _Stack(queue.Queue):
    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order


class _Correct(queue.Queue):
    pass


_stolen = _steal()
if _stolen is not None:
    MyQueue = _stolen
elif FOUND:  # something of the checkout was readable: as good as the reference, for this test
    MyQueue = _Correct
else:
    MyQueue = _Stack
