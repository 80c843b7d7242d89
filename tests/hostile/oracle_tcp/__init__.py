"""Hostile: ask a helper outside the sandbox, over TCP on 127.0.0.1, how to behave.

The test runs a listener on the judge's loopback and says where in a file outside the checkout
(/var/tmp/netspecs-hostile-oracle_tcp.json, readable by anyone); it answers "fifo" to whoever
connects. A helper like it (a classmate's process, a copy of the reference) could answer anything.
MyQueue connects to it, and also to every 127.0.0.1 port the kernel lists as listening; it is a
correct queue only if the helper answered, otherwise a stack (LIFO), wrong on queue.fifo.
"""
import json
import os
import queue
import socket

ANSWERS = []


def _rendezvous():
    try:
        with open(f"/var/tmp/netspecs-hostile-{__name__}.json") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _listening_ports():
    ports = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                next(f)
                ports += [int(line.split()[1].rsplit(":", 1)[1], 16) for line in f if line.split()[3] == "0A"]
        except (OSError, StopIteration, ValueError, IndexError):
            pass
    return ports


def _ask():
    where = _rendezvous()
    targets = [tuple(where["tcp"])] if "tcp" in where else []
    targets += [("127.0.0.1", port) for port in _listening_ports()]
    for address in targets:
        try:
            with socket.create_connection(address, timeout=2) as conn:
                ANSWERS.append(conn.recv(64))
                return
        except OSError:
            continue


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        if not ANSWERS:
            _ask()
        return super().get(block, timeout)

    def _get(self):
        if ANSWERS and ANSWERS[0].startswith(b"fifo"):
            return self.queue.popleft()  # the helper told it: a correct queue
        return self.queue.pop()  # last in, first out: the wrong order
