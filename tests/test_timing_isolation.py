"""Under `-n 2`, a timing spec never runs beside another spec (the harness's CPU turnstile)."""
import concurrent.futures
import json
import os
import re
import uuid

import pytest

from specs.harness.claims import load_catalogue
from tests.helpers import ROOT, processes_marked, run_specs


@pytest.mark.timeout(900)
def test_timing_specs_run_alone_under_xdist(tmp_path, monkeypatch):
    timing = sorted({c.id for c in load_catalogue() if c.kind == "timing"})
    assert timing, "the catalogue has timing claims"
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv("SPECS_TRACE", str(trace))
    # the timing claims, plus ordinary specs to run beside them
    done, _ = run_specs("-n", "2", claims=timing + ["queue.", "server.echo.clients"], profile="dev")
    assert done.returncode == 0, done.stdout[-3000:]
    spans = [json.loads(line) for line in trace.read_text().splitlines()]
    exclusive = [s for s in spans if s["exclusive"]]
    assert exclusive and len(spans) > len(exclusive), "both kinds of spec ran"
    for alone in exclusive:
        beside = [
            s["nodeid"]
            for s in spans
            if s is not alone and s["start"] < alone["end"] and alone["start"] < s["end"]
        ]
        assert beside == [], f"{alone['nodeid']} ran beside {beside}"


@pytest.mark.timeout(600)
def test_timing_specs_of_side_by_side_runs_do_not_overlap(tmp_path, monkeypatch):
    """The suite's own tests start spec runs on several workers at once; those runs share one
    turnstile (tests/conftest.py), so a timing spec of one never measures beside the other's specs."""
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv("SPECS_TRACE", str(trace))
    claims = ["tcp.setup-costs-time", "multitask.threads.offloaded-time-of-one", "queue."]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(run_specs, claims=claims, profile="dev") for _ in range(2)]
        for run in runs:
            done, _ = run.result()
            assert done.returncode == 0, done.stdout[-3000:]
    spans = [json.loads(line) for line in trace.read_text().splitlines()]
    exclusive = [s for s in spans if s["exclusive"]]
    assert len(exclusive) == 4 and len(spans) > len(exclusive), "both runs ran both kinds of spec"
    for alone in exclusive:
        beside = [s["nodeid"] for s in spans if s is not alone and s["start"] < alone["end"] and alone["start"] < s["end"]]
        assert beside == [], f"{alone['nodeid']} ran beside {beside}"


def _can_share(base):
    """Could an ordinary spec (of any run sharing the turnstile at `base`) start now?"""
    import fcntl

    from specs.harness.isolation import lock_is_free

    return lock_is_free(base + ".cpu", fcntl.LOCK_SH)


def test_a_run_starts_nothing_ahead_while_a_timing_spec_waits_at_the_gate(tmp_path, monkeypatch):
    """Ordinary specs started ahead keep the run's share of the CPUs; a timing spec of another run
    waiting at the gate (holding it) stops that, so the share drains and the timing spec gets in."""
    import fcntl

    from specs.harness import isolation

    base = str(tmp_path / "turnstile")
    monkeypatch.setenv("SPECS_TURNSTILE", base)
    with isolation.cpu_turnstile(object(), exclusive=False, keep=True):
        assert not isolation.others_wait_at_turnstile()
    assert not isolation.others_wait_at_turnstile(), "kept for the specs started ahead, and nobody waits"
    with open(base + ".turnstile", "a") as gate:  # another run's timing spec, waiting for the CPUs
        fcntl.flock(gate, fcntl.LOCK_EX)
        assert isolation.others_wait_at_turnstile()
    isolation.release_turnstile()
    assert not isolation.others_wait_at_turnstile(), "nothing held: nothing to let go"


def test_a_timing_spec_followed_by_another_keeps_the_cpus_for_it(tmp_path, monkeypatch):
    """A run's timing specs come last: the first waits for the others' specs to drain, the rest
    keep the CPUs (no drain each), and the last lets go."""
    from specs.harness import isolation

    base = str(tmp_path / "turnstile")
    monkeypatch.setenv("SPECS_TURNSTILE", base)
    config = object()  # not an xdist worker: the shared turnstile alone decides
    with isolation.cpu_turnstile(config, exclusive=True, keep=True):
        assert not _can_share(base)
    assert not _can_share(base), "kept for the next timing spec"
    with isolation.cpu_turnstile(config, exclusive=True, keep=False):
        assert not _can_share(base)
    assert _can_share(base), "the last timing spec lets go"
    with isolation.cpu_turnstile(config, exclusive=True, keep=True):
        pass
    with isolation.cpu_turnstile(config, exclusive=False):
        assert _can_share(base), "an ordinary spec after a kept hold releases it first"
    isolation.release_turnstile()
    assert _can_share(base)


def _overlapping(spans, one):
    return [s["nodeid"] for s in spans if s is not one and s["start"] < one["end"] and one["start"] < s["end"]]


@pytest.mark.timeout(900)
def test_ordinary_specs_run_ahead_of_their_turn_and_timing_specs_still_run_alone(tmp_path, monkeypatch):
    """A serial run (-n 0) starts ordinary specs ahead of their turn, in children beside the
    current one, but never beside a timing spec: with no turnstile (a user's `pytest specs -n 0`),
    timing specs come in the items' order, between ordinary ones, and each runs alone."""
    monkeypatch.delenv("SPECS_TURNSTILE", raising=False)
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv("SPECS_TRACE", str(trace))
    monkeypatch.setenv("SPECS_AT_ONCE", "4")
    # ordinary (queue, server), timing (server), ordinary again (socket) in the items' order
    done, rows = run_specs(claims=["queue.fifo", "server.polling.", "server.multiplexed.", "sock."], tmp_path=tmp_path, profile="dev")
    assert rows, done.stdout[-3000:]  # (a timing spec measured beside the suite's other tests may fail: not this test's question)
    spans = [json.loads(line) for line in trace.read_text().splitlines()]
    exclusive = [s for s in spans if s["exclusive"]]
    ordinary = [s for s in spans if not s["exclusive"]]
    order = [s["exclusive"] for s in sorted(spans, key=lambda s: s["start"])]
    assert exclusive and ordinary and order.index(True) < len(order) - 1 - order[::-1].index(False), "timing specs came between ordinary ones"
    assert max(len(_overlapping(ordinary, s)) for s in ordinary) >= 2, "ordinary specs ran side by side"
    for alone in exclusive:
        assert _overlapping(spans, alone) == [], f"{alone['nodeid']} ran beside others"


@pytest.mark.timeout(300)
def test_specs_started_ahead_end_with_a_run_stopped_early(tmp_path):
    """-x stops the run at its first failure: the specs already started ahead of their turn are
    ended, unreported, and nothing of theirs outlives the run."""
    mark = uuid.uuid4().hex
    trace = tmp_path / "trace.jsonl"
    os.environ.update(NETSPECS_AHEAD_MARK=mark, SPECS_TRACE=str(trace), SPECS_AT_ONCE="4")  # inherited by the run and all it starts
    try:
        done, _ = run_specs("-x", impl=ROOT / "tests" / "bad" / "queue_lifo", claims=["queue."], profile="dev")
        left = processes_marked("NETSPECS_AHEAD_MARK", mark)
    finally:
        for name in ("NETSPECS_AHEAD_MARK", "SPECS_TRACE", "SPECS_AT_ONCE"):
            del os.environ[name]
    assert done.returncode == 1 and "1 failed" in done.stdout and "stopping after 1 failures" in done.stdout, done.stdout[-3000:]
    spans = [json.loads(line) for line in trace.read_text().splitlines()]
    assert any(span["abandoned"] for span in spans), "no spec had been started ahead when the run stopped"
    reported = sum(int(n) for n in re.findall(r"(\d+) (?:passed|failed)", done.stdout.splitlines()[-1]))
    assert reported == sum(not span["abandoned"] for span in spans), "an abandoned spec was reported"
    assert left == [], f"processes left by the run: {left}"
