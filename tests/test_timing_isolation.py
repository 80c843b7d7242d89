"""Under `-n 2`, a timing spec never runs beside another spec (the harness's CPU turnstile)."""
import concurrent.futures
import json

import pytest

from specs.harness.claims import load_catalogue
from tests.helpers import run_specs


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

    with open(base + ".cpu", "a") as cpu:
        try:
            fcntl.flock(cpu, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(cpu, fcntl.LOCK_UN)
        return True


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
