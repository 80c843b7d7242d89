"""Hostile: copy a classmate's submission from the folder beside this one.

Submissions sit side by side (tests/hostile/_classmate is this package's classmate). The package's
original folder is found from __file__, from /proc/self/mountinfo (a hidden folder is a mount
point: it names the submissions folder) and from the checkout's known place; the classmate's
MyQueue is read and executed. Without it, MyQueue is a stack (LIFO), wrong on queue.fifo.
"""
import os
import queue

FOUND = []


def _folders():
    folders = [os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "/work/main/tests/hostile"]
    try:
        with open("/proc/self/mountinfo") as f:
            folders += [line.split()[4] for line in f if len(line.split()) > 4]
    except OSError:
        pass
    return list(dict.fromkeys(folders))


def _copy():
    for folder in _folders():
        for name in ("_classmate",):  # only the honest one: the other packages beside it are attacks
            path = os.path.join(folder, name, "__init__.py")
            try:
                with open(path) as f:
                    source = f.read()
            except OSError:
                continue
            namespace = {"__name__": "classmate"}
            try:
                exec(compile(source, path, "exec"), namespace)  # noqa: S102 (the point of the attack)
            except BaseException:
                continue
            if isinstance(namespace.get("MyQueue"), type):
                FOUND.append(path)
                return namespace["MyQueue"]
    return None


class _Stack(queue.Queue):
    def _get(self):
        return self.queue.pop()  # last in, first out: the wrong order


MyQueue = _copy() or _Stack
