"""Hostile: a server that abuses the listener it inherits, and hands it to a daemon that stays.

Before serving, each server writes to the listening socket in every way a socket takes data
(write, send, sendto, sendmsg, shutdown), and starts a daemon that leaves the process tree
(double fork, setsid, SIGTERM and SIGHUP ignored) holding a copy of the listener, to keep the
judge's port open (and take its clients) after the spec. Then it serves correctly:
serves-clients-at-once still passes, and no listener, no process may outlive the run.
"""
import os
import signal
import socket
import threading
import time
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool


def _abuse(listener):
    fd = listener.fileno()
    for attempt in (lambda: os.write(fd, b"forged"), lambda: listener.send(b"forged"),
                    lambda: listener.sendto(b"forged", ("127.0.0.1", 9)), lambda: listener.sendmsg([b"forged"]),
                    lambda: listener.shutdown(socket.SHUT_WR)):
        try:
            attempt()
        except OSError:
            pass
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
        kept = os.dup(fd)  # noqa: F841  the judge's port, kept open
        time.sleep(600)
    finally:
        os._exit(0)


def _echo(conn):
    with conn:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            try:
                conn.sendall(data)
            except OSError:
                return


def serve_thread_per_connection(listener):
    _abuse(listener)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=_echo, args=(conn,), daemon=True).start()


def serve_thread_pool(listener):
    _abuse(listener)
    with ThreadPool(cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply_async(_echo, (conn,))
