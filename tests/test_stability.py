"""scripts/stability.py's own logic, with made-up runs: a verdict that differs between runs and a
known-bad whose MUST_FAIL did not fail in one run are both reported, and fail the exit status."""
import itertools
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scripts import stability


def _rows(outcome):
    return {"queue.fifo": {"outcome": outcome, "subjects": {"MyQueue": outcome, "queue.Queue": "pass"}, "specs": {"n": outcome}}}


def test_a_verdict_that_changes_between_runs_is_reported(monkeypatch, capsys):
    outcomes = itertools.cycle(["fail", "pass"])  # the known-bad fails, then passes by luck
    monkeypatch.setattr(stability, "packages", lambda *args: [stability.Package("bad", "/x", [], ["queue.fifo"], [], "reject", None)])
    monkeypatch.setattr(stability, "judge", lambda *args: _rows(next(outcomes)))
    monkeypatch.setattr(stability, "HOG", "pass")

    assert stability.main(["--runs", "2", "--hogs", "1"]) == 1
    out = capsys.readouterr().out
    assert "CHANGED bad queue.fifo: MyQueue=fail queue.Queue=pass x1, MyQueue=pass queue.Queue=pass x1" in out
    assert "EXPECTATION bad run 2: queue.fifo did not fail" in out
    assert "1 changed, 1 expectation miss(es)" in out


def test_the_ledger_keeps_why_a_claim_failed_that_should_have_passed(monkeypatch, tmp_path):
    import json

    ledger = tmp_path / "ledger.jsonl"
    rows = _rows("fail")
    rows["queue.fifo"]["message"] = "MyQueue.get() was still blocked after 10 s" + "." * 400
    rows["queue.lifo"] = {"outcome": "fail", "subjects": {"MyQueue": "fail"}, "specs": {"n": "fail"}, "message": "expected"}
    monkeypatch.setattr(stability, "packages", lambda *args: [stability.Package("bad", "/x", [], ["queue.lifo"], ["queue.fifo"], "reject", None)])
    monkeypatch.setattr(stability, "judge", lambda *args: rows)
    monkeypatch.setattr(stability, "HOG", "pass")

    assert stability.main(["--runs", "1", "--hogs", "1", "--ledger", str(ledger)]) == 1
    entry = json.loads(ledger.read_text())
    # the MUST_PASS claim that failed, with the start of its message; not the MUST_FAIL one
    assert entry["reasons"] == {"queue.fifo": rows["queue.fifo"]["message"][:300]}


def test_the_same_verdicts_every_run_exit_zero(monkeypatch, capsys):
    monkeypatch.setattr(stability, "packages", lambda *args: [stability.Package("bad", "/x", [], ["queue.fifo"], [], "reject", None)])
    monkeypatch.setattr(stability, "judge", lambda *args: _rows("fail"))
    monkeypatch.setattr(stability, "HOG", "pass")

    assert stability.main(["--runs", "3", "--hogs", "1"]) == 0
    assert "0 changed, 0 expectation miss(es)" in capsys.readouterr().out


def test_a_ledger_adds_runs_up_across_sittings_and_forgets_them_when_the_judge_changes(monkeypatch, tmp_path, capsys):
    ledger = tmp_path / "ledger.jsonl"
    monkeypatch.setattr(stability, "packages", lambda *args: [stability.Package("bad", None, [], ["queue.fifo"], [], "reject", None)])
    monkeypatch.setattr(stability, "HOG", "pass")
    calls = []
    monkeypatch.setattr(stability, "judge", lambda *args: calls.append(1) or _rows("fail"))

    assert stability.main(["--runs", "2", "--hogs", "1", "--ledger", str(ledger)]) == 0
    assert len(calls) == 2 and len(ledger.read_text().splitlines()) == 2
    # a second sitting makes up the difference to --runs, and counts the runs on record
    assert stability.main(["--runs", "3", "--hogs", "1", "--ledger", str(ledger)]) == 0
    assert len(calls) == 3
    out = capsys.readouterr().out
    assert "2 run(s) of every chosen package on record" in out
    assert "1 package(s) x 3 run(s) (2 on record, 1 this sitting)" in out
    # enough on record: the tally alone, nothing judged, no hog started
    monkeypatch.setattr(stability.subprocess, "Popen", lambda *args, **kwargs: pytest.fail("a hog was started"))
    assert stability.main(["--runs", "3", "--ledger", str(ledger)]) == 0
    assert len(calls) == 3
    assert "1 package(s) x 3 run(s) (3 on record, 0 this sitting), 1 verdicts, 0 changed" in capsys.readouterr().out
    monkeypatch.undo()
    monkeypatch.setattr(stability, "packages", lambda *args: [stability.Package("bad", None, [], ["queue.fifo"], [], "reject", None)])
    monkeypatch.setattr(stability, "HOG", "pass")
    # a verdict that changed in this sitting is a change against the recorded ones
    monkeypatch.setattr(stability, "judge", lambda *args: _rows("pass"))
    assert stability.main(["--runs", "4", "--hogs", "1", "--ledger", str(ledger)]) == 1
    assert "CHANGED bad queue.fifo: MyQueue=fail queue.Queue=pass x3, MyQueue=pass queue.Queue=pass x1" in capsys.readouterr().out
    # other judging code: nothing on record counts
    monkeypatch.setattr(stability, "judging_code", lambda: [])
    monkeypatch.setattr(stability, "judge", lambda *args: _rows("fail"))
    assert stability.main(["--runs", "1", "--hogs", "1", "--ledger", str(ledger)]) == 0
    assert "0 run(s) of every chosen package on record" in capsys.readouterr().out
    # --prune keeps only the runs of the judging code as it is now
    assert len(ledger.read_text().splitlines()) == 5  # 4 runs of the old code, 1 of the new
    assert stability.main(["--runs", "1", "--hogs", "1", "--ledger", str(ledger), "--prune"]) == 0
    assert len(ledger.read_text().splitlines()) == 1


def test_every_claim_judges_a_known_bad_as_grade_does():
    chosen = {p.name: (p.prefixes, p.profile) for p in stability.packages(["server_one_recv"], False, every_claim=True)}
    assert chosen == {"server_one_recv": ([], "ci")}
    default = {p.name: p.profile for p in stability.packages(["server_one_recv"], False)}
    assert default == {"server_one_recv": "reject"}


def test_a_known_good_is_judged_on_its_roles_and_must_pass_every_claim_of_them(monkeypatch, capsys):
    chosen = stability.packages(["servers_edge"], False, bad=False, good=True)
    assert [(p.name, p.profile) for p in chosen] == [("servers_edge", "ci")]
    assert "serve_polling" in chosen[0].roles
    # a fail on one of its roles is a miss; a fail on the runtime (not its grade) is not
    rows = {"server.polling.busy-while-idle": {"outcome": "fail", "subjects": {"serve_polling": "fail"}, "specs": {"n": "fail"}},
            "queue.fifo": {"outcome": "fail", "subjects": {"queue.Queue": "fail"}, "specs": {"n": "fail"}}}
    assert stability.expectation_problems(rows, [], [], ["serve_polling"]) == [
        "server.polling.busy-while-idle (serve_polling) was a fail, not a pass"]
    monkeypatch.setattr(stability, "packages", lambda *args: [stability.Package("good", "/x", [], [], [], "ci", ["MyQueue"])])
    monkeypatch.setattr(stability, "judge", lambda *args: _rows("fail"))
    monkeypatch.setattr(stability, "HOG", "pass")
    assert stability.main(["--runs", "1", "--hogs", "1"]) == 1
    assert "EXPECTATION good run 1: queue.fifo (MyQueue) was a fail, not a pass" in capsys.readouterr().out


@pytest.mark.timeout(330)  # a start bound of 240 s and the waits after it
def test_a_sitting_stopped_with_kill_leaves_no_run_and_no_hog_behind(tmp_path):
    """kill (SIGTERM) mid-run: the pytest run under way and both CPU hogs end with the sitting."""
    import contextlib
    import os
    import signal
    import subprocess
    import sys
    import time
    import uuid

    from tests.helpers import ROOT, processes_marked

    mark = uuid.uuid4().hex
    sitting = subprocess.Popen([sys.executable, "scripts/stability.py", "--runs", "1", "--no-reference", "--only", "queue_lifo",
                                "--hogs", "2", "--out", str(tmp_path / "tally.json")], cwd=ROOT,
                               env={**os.environ, "NETSPECS_STABILITY_MARK": mark}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # the sitting, two hogs and the pytest run; the bound only tells a sitting that never starts
        # its run from a slow start (beside a stability sitting and the suite, a start took over 60 s)
        deadline = time.monotonic() + 240
        while len(processes_marked("NETSPECS_STABILITY_MARK", mark)) < 4 and time.monotonic() < deadline:
            assert sitting.poll() is None, "the sitting ended before its run got going"
            time.sleep(0.05)
        assert len(processes_marked("NETSPECS_STABILITY_MARK", mark)) >= 4, "the sitting never got its run going"
        sitting.send_signal(signal.SIGTERM)
        sitting.wait(timeout=30)
        deadline = time.monotonic() + 10
        while processes_marked("NETSPECS_STABILITY_MARK", mark) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_marked("NETSPECS_STABILITY_MARK", mark) == []
    finally:
        sitting.kill()
        sitting.wait()
        for pid in processes_marked("NETSPECS_STABILITY_MARK", mark):  # what a broken sitting left
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_sitting_starts_the_packages_that_took_longest_first():
    chosen = [stability.Package(name, None, [], [], [], None, None) for name in ("quick", "slow", "new", "middling")]
    entries = [{"package": "slow", "seconds": 300}, {"package": "quick", "seconds": 50}, {"package": "middling", "seconds": 90},
               {"package": "quick", "seconds": 20}]  # the latest run on record counts
    assert [p.name for p in stability.longest_first(chosen, entries)] == ["new", "slow", "middling", "quick"]


def test_a_package_added_since_makes_up_its_runs_alone(monkeypatch, tmp_path, capsys):
    ledger = tmp_path / "ledger.jsonl"
    old = stability.Package("old", None, [], ["queue.fifo"], [], "reject", None)
    new = stability.Package("new", Path(stability.__file__), [], ["queue.fifo"], [], "reject", None)
    monkeypatch.setattr(stability, "HOG", "pass")
    judged = []
    monkeypatch.setattr(stability, "judge", lambda impl, *args: judged.append(impl) or _rows("fail"))
    monkeypatch.setattr(stability, "packages", lambda *args: [old])
    assert stability.main(["--runs", "3", "--hogs", "1", "--ledger", str(ledger)]) == 0
    assert judged == [None] * 3
    monkeypatch.setattr(stability, "packages", lambda *args: [old, new])
    turnstile = os.environ.get("SPECS_TURNSTILE")
    assert stability.main(["--runs", "3", "--hogs", "1", "--ledger", str(ledger), "--jobs", "2"]) == 0
    assert judged == [None] * 3 + [new.impl] * 3  # each entry is written as its package is judged
    assert "2 package(s) x 3 run(s) (0 on record, 3 this sitting)" in capsys.readouterr().out
    assert os.environ.get("SPECS_TURNSTILE") == turnstile  # the sitting's own (--jobs 2) went with its folder


def test_a_run_being_started_when_the_sitting_is_stopped_is_ended_too(monkeypatch, tmp_path):
    # the stop comes while a worker is inside Popen: the run it starts must not outlive the sitting
    inside, go_on, started, real_popen = threading.Event(), threading.Event(), [], subprocess.Popen

    def slow_popen(cmd, **options):
        inside.set()
        go_on.wait(10)
        started.append(real_popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True))
        return started[-1]

    monkeypatch.setattr(stability.subprocess, "Popen", slow_popen)
    monkeypatch.setattr(stability, "STOPPING", False)
    worker = threading.Thread(target=stability.judge, args=(None, [], None, tmp_path / "report.json", 30))
    worker.start()
    try:
        assert inside.wait(10)
        threading.Timer(0.3, go_on.set).start()
        with pytest.raises(SystemExit):
            stability._stop_sitting(signal.SIGTERM, None)
        worker.join(10)
        assert started and started[0].poll() is not None, "the run started during the stop is still running"
        assert not worker.is_alive()
    finally:
        go_on.set()
        for run in started:
            run.kill()
            run.wait()


def test_a_sittings_runs_give_the_package_in_one_word_where_the_impl_guard_does_nothing(monkeypatch, tmp_path):
    # specs/impl_option.py is left out of the digest of the judging code (NOT_IN_A_SITTINGS_RUNS)
    # because it acts only on `--impl PATH` in two words, and a sitting never passes that.
    from specs.impl_option import separate_values

    commands, real_popen = [], subprocess.Popen

    def record(cmd, **options):
        commands.append(cmd)
        return real_popen([sys.executable, "-c", "pass"])

    monkeypatch.setattr(stability.subprocess, "Popen", record)
    monkeypatch.setattr(stability, "STOPPING", False)
    stability.judge(stability.ROOT / "tests" / "bad" / "queue_lifo", ["queue.fifo"], "reject", tmp_path / "r.json", 30)
    assert commands and f"--impl={stability.ROOT / 'tests' / 'bad' / 'queue_lifo'}" in commands[0]
    assert separate_values(commands[0]) == []
    assert separate_values(["pytest", "specs", "--impl", "pkg"]) == ["pkg"]  # what the guard acts on
    assert "impl_option.py" not in {path.name for path in stability.judging_code()}
