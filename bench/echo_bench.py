"""Echo benchmark: every server model under the same load, asyncio's figures as the baseline.

Not a test. For each model, N clients hold long connections and play ping-pong: send a message
(1 KiB by default), wait for its echo, send the next. One single-threaded selector loop drives all
clients, in this process; the server runs in its own process (group), as in the specs. Prints
messages per second and round-trip percentiles per model, and how many clients a model served at
all: a pool with fewer workers than clients leaves the others waiting for the whole run.

    python bench/echo_bench.py [--clients 8] [--size 1024] [--seconds 3] [--impl PATH] [MODEL ...]
"""
import argparse
import os
import selectors
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from specs.harness import loader  # noqa: E402
from specs.harness.contract import server_roles  # noqa: E402
from specs.harness.servers import running_server  # noqa: E402

BASELINE = "serve_asyncio"
MODELS = [BASELINE] + [name for name in server_roles() if name != BASELINE]  # the baseline first


class Client:
    def __init__(self, sock, payload):
        self.sock, self.payload = sock, payload
        self.got, self.sent_at, self.done = 0, 0.0, 0

    def send(self):
        self.sent_at, self.got = time.perf_counter(), 0  # before the send: loopback delivers inside it
        self.sock.setblocking(True)
        self.sock.sendall(self.payload)  # 1 KiB fits the send buffer: never waits
        self.sock.setblocking(False)


def drive(address, clients, size, seconds, warmup):
    """Ping-pong on `clients` connections; (completed messages, round trips in s, clients served)."""
    payload = os.urandom(size)
    # wait until the server answers (gevent's interpreter takes a while to start), then leave
    with socket.create_connection(address, timeout=30) as probe:
        probe.sendall(b"ready?")
        if not probe.recv(6):
            raise RuntimeError("the server closed the first connection")
    sel = selectors.DefaultSelector()
    conns = []
    for _ in range(clients):
        sock = socket.create_connection(address, timeout=10)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c = Client(sock, payload)
        conns.append(c)
        sel.register(sock, selectors.EVENT_READ, c)
    rtts, served = [], set()
    try:
        for c in conns:
            c.send()
        measure_from = time.perf_counter() + warmup
        end = measure_from + seconds
        while True:
            now = time.perf_counter()
            if now >= end:
                break
            for key, _ in sel.select(end - now):
                c = key.data
                try:
                    data = c.sock.recv(65536)
                except BlockingIOError:
                    continue
                if not data:
                    raise RuntimeError("the server closed a connection during the benchmark")
                c.got += len(data)
                if c.got >= size:
                    t = time.perf_counter()
                    if c.sent_at >= measure_from:
                        rtts.append(t - c.sent_at)
                        served.add(id(c))
                    c.send()
    finally:
        sel.close()
        for c in conns:
            c.sock.close()
    return rtts, len(served)


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", default=MODELS)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--warmup", type=float, default=0.5)
    parser.add_argument("--impl", default=str(loader.REFERENCE))
    args = parser.parse_args(argv)
    implementation = loader.load(args.impl)
    print(f"{args.clients} clients, {args.size}-byte messages, {args.seconds:.1f} s per model "
          f"(after {args.warmup:.1f} s warm-up), {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"{'model':30s} {'served':>7s} {'msgs/s':>9s} {'vs asyncio':>10s} {'p50 ms':>8s} {'p99 ms':>8s}")
    baseline = None
    for model in args.models:
        if not implementation.provides(model):
            print(f"{model:30s} not implemented")
            continue
        with running_server(implementation, model) as server:
            rtts, served = drive(server.address, args.clients, args.size, args.seconds, args.warmup)
        rate = len(rtts) / args.seconds
        if model == BASELINE:
            baseline = rate
        versus = f"{rate / baseline:.2f}x" if baseline else "-"
        print(
            f"{model:30s} {served:>3d}/{args.clients:<3d} {rate:>9.0f} {versus:>10s} "
            f"{percentile(rtts, 0.50) * 1e3:>8.3f} {percentile(rtts, 0.99) * 1e3:>8.3f}"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
