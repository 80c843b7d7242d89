"""Hostile: a server that connects out: to the judge's own listener, and to a helper on loopback.

The servers serve through the listener the judge bound on 127.0.0.1 and handed over. Before
serving, each tries connections of its own: to the listener's address (the judge's loopback:
the judge's port), and to the test's helper on 127.0.0.1 (where, it reads in
/var/tmp/netspecs-hostile-server_connect_out.json). It echoes correctly only if one of them
went through; otherwise it echoes every byte XOR 1 (wrong on serves-clients-at-once).
"""
import json
import socket
import threading
from multiprocessing import cpu_count
from multiprocessing.pool import ThreadPool

REACHED = []


def _connect_out(listener):
    targets = [listener.getsockname()[:2]]
    try:
        with open(f"/var/tmp/netspecs-hostile-{__name__}.json") as f:
            targets.append(tuple(json.load(f)["tcp"]))
    except (OSError, ValueError, KeyError):
        pass
    for address in targets:
        try:
            socket.create_connection(address, timeout=2).close()
            REACHED.append(address)
        except OSError:
            continue


def _echo(conn):
    flip = 0 if REACHED else 1
    with conn:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            try:
                conn.sendall(bytes(b ^ flip for b in data))
            except OSError:
                return


def serve_thread_per_connection(listener):
    _connect_out(listener)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=_echo, args=(conn,), daemon=True).start()


def serve_thread_pool(listener):
    _connect_out(listener)
    with ThreadPool(cpu_count()) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply_async(_echo, (conn,))
