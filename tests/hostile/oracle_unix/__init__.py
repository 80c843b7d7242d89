"""Hostile: ask a helper outside the sandbox, over a unix socket on the host's file system.

As oracle_tcp, through a unix-domain socket the test listens on outside the checkout
(/var/tmp/netspecs-hostile-oracle_unix.sock; the rendezvous file says where). A host's unix
sockets are its services' doors (a container engine's, the session bus, a classmate's helper):
a subject that reaches one is not contained. MyQueue is correct only if the helper answered.
"""
import json
import queue
import socket

ANSWERS = []


def _ask():
    try:
        with open(f"/var/tmp/netspecs-hostile-{__name__}.json") as f:
            path = json.load(f)["unix"]
    except (OSError, ValueError, KeyError):
        return
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(2)
            conn.connect(path)
            ANSWERS.append(conn.recv(64))
    except OSError:
        pass


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        if not ANSWERS:
            _ask()
        return super().get(block, timeout)

    def _get(self):
        if ANSWERS and ANSWERS[0].startswith(b"fifo"):
            return self.queue.popleft()  # the helper told it: a correct queue
        return self.queue.pop()  # last in, first out: the wrong order
