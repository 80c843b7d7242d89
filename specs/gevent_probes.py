"""Code that runs inside a fresh interpreter for the gevent specs (specs.harness.fresh.call).

Each function gets a stand-in for the implementation (unused: the gevent roles themselves run in
subjects, through the wire) and plain arguments, and returns plain data (JSON); the spec in the
pytest process judges it. With ``gevent=True`` the
interpreter was monkey-patched before anything was imported; some probes run unpatched on
purpose, to show what patching changes. Nothing here is imported by the pytest process's specs
except by name.
"""
import os
import threading
import time


def _clock():
    return time.perf_counter()


def _os_thread():
    """The OS thread's ident (patched threading.get_ident names the greenlet instead)."""
    import sys

    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        return monkey.get_original("threading", "get_ident")()
    return threading.get_ident()


# --- the runtime, with gevent ---------------------------------------------------------------


def spawn_comprehension_vs_loop(impl, n, seconds, repeats=3):
    """Best elapsed times of spawning n sleeping greenlets in a list comprehension and in a for loop."""
    import gevent

    def comprehension():
        gevent.joinall([gevent.spawn(time.sleep, seconds) for _ in range(n)])

    def loop():
        greenlets = []
        for _ in range(n):
            greenlets.append(gevent.spawn(time.sleep, seconds))
        gevent.joinall(greenlets)

    best = [float("inf"), float("inf")]
    for _ in range(repeats):
        for i, f in enumerate((comprehension, loop)):
            start = _clock()
            f()
            best[i] = min(best[i], _clock() - start)
    return tuple(best)


def sleep_intervals(impl, n, seconds, which):
    """n greenlets spawned with gevent, each sleeping with `which` ("time.sleep" or "gevent.sleep");
    returns their (start, end) intervals. Meaningful in a patched and in an unpatched interpreter."""
    import gevent

    sleep = time.sleep if which == "time.sleep" else gevent.sleep
    intervals = [None] * n

    def one(i):
        start = _clock()
        sleep(seconds)
        intervals[i] = (start, _clock())

    gevent.joinall([gevent.spawn(one, i) for i in range(n)])
    return intervals


def blocked_hub(impl, seconds, blocking):
    """A ticking greenlet and one that sleeps `seconds` in a call that blocks ("original": the
    unpatched time.sleep) or cooperates ("patched"). Returns (tick times, (start, end) of the sleep)."""
    import gevent
    from gevent import monkey

    sleep = monkey.get_original("time", "sleep") if blocking == "original" else time.sleep
    ticks, window, done = [], [], [False]

    def ticker():
        while not done[0]:
            ticks.append(_clock())
            gevent.sleep(0.002)

    def sleeper():
        gevent.sleep(0.02)  # let the ticker tick first
        window.append(_clock())
        sleep(seconds)
        window.append(_clock())
        done[0] = True

    gevent.joinall([gevent.spawn(ticker), gevent.spawn(sleeper)], timeout=30)
    return ticks, tuple(window)


def io_wait_lets_others_run(impl, patched, timeout=2.0):
    """Greenlet A waits in recv() on a socketpair (gevent-patched, or the original socket); greenlet B
    sends the byte A waits for. Returns the order of events: a greenlet that waits cooperatively
    lets B run; a really blocking recv times out first."""
    import _socket
    import socket

    import gevent

    # _socket is the C module under socket.py: its sockets are the originals, never patched
    a, b = socket.socketpair() if patched else _socket.socketpair()
    events = []
    try:
        a.settimeout(timeout)

        def reader():
            events.append("A waits")
            try:
                events.append(("A got", a.recv(1)))
            except OSError as exc:  # socket.timeout
                events.append(("A timed out", type(exc).__name__))

        def writer():
            events.append("B runs")
            b.sendall(b"x")

        gevent.joinall([gevent.spawn(reader), gevent.spawn(writer)], timeout=30)
    finally:
        a.close()
        b.close()
    return events


def never_preempted(impl, work):
    """Two CPU-bound greenlets, each noting its steps; returns the order of the steps."""
    import gevent

    order = []

    def busy(name):
        for step in range(5):
            x = 0
            for _ in range(work):
                x += 1
            order.append(name)

    gevent.joinall([gevent.spawn(busy, "A"), gevent.spawn(busy, "B")])
    return order


def cpu_bound_runs(impl, work, repeats=3):
    """Runs of one CPU-bound greenlet and of two together (joinall), alternately: for each,
    a list of (wall seconds, process CPU seconds)."""
    import gevent

    def busy():
        x = 0
        for _ in range(work):
            x += 1
        return x

    runs = {1: [], 2: []}
    for _ in range(repeats):
        for k in (1, 2):
            wall, cpu = _clock(), time.process_time()
            gevent.joinall([gevent.spawn(busy) for _ in range(k)])
            runs[k].append((_clock() - wall, time.process_time() - cpu))
    return runs[1], runs[2]


def os_threads(impl, n):
    """OS threads of this process (Linux /proc) and thread idents seen by n running greenlets."""
    import gevent

    def count():
        return len(os.listdir("/proc/self/task"))

    before = count()
    idents, during = set(), []
    import gevent.event

    ev = gevent.event.Event()

    def one():
        idents.add(_os_thread())
        ev.wait(10)

    greenlets = [gevent.spawn(one) for _ in range(n)]
    gevent.sleep(0.01)
    during.append(count())
    running = sum(1 for g in greenlets if not g.dead)
    ev.set()
    gevent.joinall(greenlets, timeout=10)
    return before, during[0], running, sorted(idents), _os_thread()


def racy_counter(impl, tasks, increments):
    """Shared counter updated by greenlets with a patched (cooperative) sleep between the read and
    the write; returns the final count."""
    import gevent

    count = [0]

    def work():
        for _ in range(increments):
            value = count[0]
            time.sleep(0)  # patched: a switch between reading and writing
            count[0] = value + 1

    gevent.joinall([gevent.spawn(work) for _ in range(tasks)])
    return count[0]


def hub_facts(impl):
    import greenlet

    import gevent

    hub = gevent.get_hub()
    return {
        "backend": getattr(hub.loop, "backend", None),
        "greenlet_is_greenlet": isinstance(gevent.spawn(lambda: None), greenlet.greenlet),
        "hub_is_greenlet": isinstance(hub, greenlet.greenlet),
    }


def patch_order(impl):
    """In an unpatched interpreter: bind time.sleep by name, then patch; which one is cooperative?"""
    from time import sleep as bound_early

    from gevent import monkey

    original = monkey.get_original("time", "sleep")
    monkey.patch_all()
    import time as time_module

    return {
        "early_is_original": bound_early is original,
        "module_attr_is_original": time_module.sleep is original,
    }


def spawn_extra_argument(impl):
    import gevent

    ran = []

    def producer():
        ran.append("producer")

    g = gevent.spawn(producer, "the queue")
    gevent.joinall([g], timeout=10)
    return {"dead": g.dead, "ran": ran, "exception": type(g.exception).__name__ if g.exception else None}


def joinall_waits(impl, delays):
    import gevent

    finished = []

    def one(i, d):
        gevent.sleep(d)
        finished.append(i)

    greenlets = [gevent.spawn(one, i, d) for i, d in enumerate(delays)]
    right_after_spawn = [g.dead for g in greenlets]
    gevent.joinall(greenlets, timeout=30)
    return right_after_spawn, [g.dead for g in greenlets], sorted(finished)
