"""Unit tests of the harness plumbing: each helper passes what it should and rejects what it should."""
import json
import socket
import threading
import time

import pytest

from specs.harness import loader
from specs.harness.blocking import Patience, assert_blocks_until, assert_returns_promptly, assert_stays_blocked
from specs.harness.claims import Claim, ClaimViolation, violated_claims, violation_of
from specs.harness.netclient import echo_exchange
from specs.harness.report import ClaimBook, failure_summary
from specs.harness.timing import assert_ratio, best_times, best_until_within
from scripts import margins
from tests.helpers import ROOT


class TestBlocksUntil:
    def test_accepts_a_call_that_waits_for_the_trigger(self):
        event = threading.Event()
        assert assert_blocks_until(lambda: event.wait(5) and "released", event.set, what="wait") == "released"

    def test_rejects_a_call_that_returns_at_once(self):
        with pytest.raises(AssertionError, match="expected it to block"):
            assert_blocks_until(lambda: 1, lambda: None, what="no wait")

    def test_rejects_a_call_the_trigger_does_not_release(self):
        forever = threading.Event()
        with pytest.raises(AssertionError, match="still blocked"):
            assert_blocks_until(forever.wait, lambda: None, what="stuck", timeout=0.2)

    def test_reraises_what_the_released_call_raised(self):
        event = threading.Event()

        def fails_after_release():
            event.wait(5)
            raise KeyError("boom")

        with pytest.raises(KeyError):
            assert_blocks_until(fails_after_release, event.set, what="raises")

    def test_pending_call_can_be_released_step_by_step(self):
        sem = threading.Semaphore(0)
        call = assert_stays_blocked(lambda: [sem.acquire(timeout=5) for _ in range(2)], what="two releases")
        sem.release()
        call.assert_still_blocked("after one release")
        sem.release()
        assert call.assert_returns("after two releases") == [True, True]


class TestReturnsPromptly:
    def test_accepts_a_quick_call(self):
        assert assert_returns_promptly(lambda: 7, what="quick") == 7

    def test_rejects_a_call_that_blocks(self):
        with pytest.raises(AssertionError, match="still blocked"):
            assert_returns_promptly(threading.Event().wait, what="blocks", timeout=0.2)


def test_patience_is_generous_until_the_first_miss_then_brief():
    patience = Patience(generous=0.3, floor=0.01)
    assert assert_returns_promptly(lambda: time.sleep(0.02) or 1, what="ok", timeout=patience) == 1
    assert patience.seconds == 0.3
    with pytest.raises(AssertionError):
        assert_returns_promptly(threading.Event().wait, what="hang", timeout=patience)
    assert patience.missed and 0.01 <= patience.seconds < 0.3  # three times the slowest success


def test_violation_of_attributes_assertions_to_one_claim():
    with pytest.raises(ClaimViolation) as info:
        with violation_of("a.b"):
            assert 1 == 2, "nope"
    assert info.value.claim_id == "a.b"
    assert violated_claims(info.value) == ["a.b"]


def test_claim_needs_a_note_unless_it_holds():
    with pytest.raises(ValueError, match="needs a note"):
        Claim("x.y", "队列", "概念", "s", "refuted")


class _Report:
    def __init__(self, nodeid, when, outcome, claims, longrepr=None, violated=None, roles=()):
        self.nodeid, self.when, self.longrepr = nodeid, when, longrepr
        self.passed, self.failed, self.skipped = outcome == "passed", outcome == "failed", outcome == "skipped"
        self.user_properties = [("claims", claims), ("roles", list(roles))] + ([("violated", violated)] if violated else [])
        self.longreprtext = longrepr if isinstance(longrepr, str) else ""


def _book():
    claims = [Claim(f"c.{n}", "队列", "概念", f"statement {n}", "holds") for n in "abc"]
    return ClaimBook({c.id: c for c in claims})


def test_claim_fails_if_any_spec_fails_and_names_itself():
    book = _book()
    book.add(_Report("t1", "call", "passed", ["c.a"]))
    book.add(_Report("t2", "call", "failed", ["c.a"], "E   AssertionError: lost bytes\nE   Falsifying example: x=1"))
    row = {r["id"]: r for r in book.verdicts()}["c.a"]
    assert row["outcome"] == "fail"
    assert "c.a" in row["message"] and "statement a" in row["message"] and "Falsifying example" in row["message"]


def test_violation_fails_only_the_violated_claim():
    book = _book()
    book.add(_Report("t", "call", "failed", ["c.a", "c.b"], "E   x", violated=["c.b"]))
    rows = {r["id"]: r["outcome"] for r in book.verdicts()}
    assert rows == {"c.a": "pass", "c.b": "fail"}


def _not_implemented(role):
    return ("f", 1, f"Skipped: {loader.NOT_IMPLEMENTED} pkg provides no role {role!r}")


def test_a_claim_judged_on_a_missing_role_is_never_a_pass_whatever_the_runtime_did():
    book = _book()
    book.add(_Report("t[queue.Queue]", "call", "passed", ["c.a"]))  # the stdlib's queue: the runtime
    book.add(_Report("t[MyQueue]", "setup", "skipped", ["c.a"], _not_implemented("MyQueue"), roles=["MyQueue"]))
    row = {r["id"]: r for r in book.verdicts()}["c.a"]
    assert (row["outcome"], row["subject"], row["runtime_outcome"]) == ("not-implemented", "roles", "pass")
    assert row["subjects"] == {"MyQueue": "not-implemented", "runtime": "pass"}


def test_every_role_a_claim_judges_must_pass_and_runtime_claims_are_the_runtimes():
    book = _book()
    book.add(_Report("t[TaskThread]", "call", "passed", ["c.a"], roles=["TaskThread"]))
    book.add(_Report("t[TaskProcess]", "setup", "skipped", ["c.a"], _not_implemented("TaskProcess"), roles=["TaskProcess"]))
    book.add(_Report("u[MyQueue]", "call", "passed", ["c.b"], roles=["MyQueue"]))
    book.add(_Report("u[epoll]", "setup", "skipped", ["c.b"], ("f", 1, "Skipped: epoll is Linux only"), roles=["MyQueue"]))
    book.add(_Report("v", "call", "failed", ["c.c"], "E   AssertionError: the OS disagrees"))
    rows = {r["id"]: r for r in book.verdicts()}
    assert rows["c.a"]["outcome"] == "pass", "judged on the role provided"
    assert rows["c.a"]["subjects"] == {"TaskProcess": "not-implemented", "TaskThread": "pass"}, "the missing one is no pass"
    assert rows["c.b"]["outcome"] == "pass", "a platform skip beside a pass of the same role does not hide it"
    assert (rows["c.c"]["subject"], rows["c.c"]["outcome"]) == ("runtime", "fail")
    assert "on this Python" in rows["c.c"]["message"]
    lines = []
    book.render_table(lines.append, "pkg")
    mine = lines.index(next(line for line in lines if line.startswith("implementation: pkg")))
    runtime = lines.index(next(line for line in lines if line.startswith("the Python runtime")))
    assert mine < runtime and lines[runtime - 1].split()[1:3] == ["2", "0"], "the student's table counts only role claims"


def test_the_table_lists_claim_ids_on_request_and_the_fail_line_its_hint():
    book = _book()
    book.add(_Report("u[MyQueue]", "call", "failed", ["c.b"], "E   AssertionError: lost bytes\nE   hint: use sendall()", roles=["MyQueue"]))
    book.add(_Report("t[TaskThread]", "call", "passed", ["c.a"], roles=["TaskThread"]))
    rows = {r["id"]: r for r in book.verdicts()}
    assert rows["c.b"]["hint"] == "use sendall()" and rows["c.a"]["hint"] is None
    plain, verbose = [], []
    book.render_table(plain.append, "pkg")
    book.render_table(verbose.append, "pkg", ids=True)
    assert not [line for line in plain if line.strip().startswith("c.")]
    listed = [line.split() for line in verbose if line.startswith("    c.")]
    assert sorted(listed) == [["c.a", "pass"], ["c.b", "fail"]]
    assert "    hint: use sendall()" in plain


def test_missing_role_is_not_implemented_and_unrun_claims_are_absent():
    book = _book()
    reason = ("f", 1, f"Skipped: {loader.NOT_IMPLEMENTED} pkg provides no role 'MyPool'")
    book.add(_Report("t", "setup", "skipped", ["c.a"], reason))
    rows = {r["id"]: r["outcome"] for r in book.verdicts()}
    assert rows == {"c.a": "not-implemented"}


def test_failure_summary_keeps_the_assertion_and_the_example():
    text = "def test():\n>   assert x\nE   AssertionError: 3 != 4\nE   Falsifying example: test(x=3)\nfile.py:3"
    assert failure_summary(text) == "AssertionError: 3 != 4\nFalsifying example: test(x=3)"


def test_failure_summary_folds_an_examples_long_runs_of_the_same_item():
    items = ["E       read_pauses=[0.001,"] + ["E       0.001,"] * 200 + ["E       0.5],"]
    joined = "\n".join(["E   AssertionError: short echo", "E   Falsifying example: test("] + items + ["E   )"])
    assert failure_summary(joined).splitlines() == ["AssertionError: short echo",
                                                    "Falsifying example: test(read_pauses=[0.001, ... (200 times more), 0.5])"]
    unclosed = "\n".join(["E   AssertionError: short echo", "E   Failing explicit example: test("] + items)  # cut before its ")"
    summary = failure_summary(unclosed).splitlines()
    assert summary.count("0.001,") == 1 and "... (the line above 199 times more)" in summary and "0.5]," in summary


def test_ratio_assertion_reports_the_measurements():
    assert assert_ratio(1.0, 2.0, low=0.4, high=0.6, what="half") == 0.5
    with pytest.raises(AssertionError, match=r"1.0000 / 4.0000 = 0.25"):
        assert_ratio(1.0, 4.0, low=0.4, what="half")
    fast, slow = best_times(lambda: None, lambda: time.sleep(0.01), repeats=2)
    assert fast < slow


def test_ratios_are_recorded_with_their_bounds_when_asked(tmp_path, monkeypatch):
    path = tmp_path / "measurements.jsonl"
    monkeypatch.setenv("SPECS_MEASUREMENTS", str(path))
    assert_ratio(1.0, 2.0, low=0.4, what="half")
    with pytest.raises(AssertionError):
        assert_ratio(1.0, 4.0, low=0.4, high=3, what="quarter")
    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert (first["what"], first["ratio"], first["low"], first["high"]) == ("half", 0.5, 0.4, None)
    assert (second["what"], second["ratio"], second["low"], second["high"]) == ("quarter", 0.25, 0.4, 3)
    assert "test_ratios_are_recorded" in first["spec"]


def test_margins_rank_the_measurement_closest_to_its_bound_first():
    records = [
        {"spec": "a.py::test_far", "what": "far", "ratio": 10.0, "low": 2, "high": None},
        {"spec": "a.py::test_near", "what": "near", "ratio": 0.9, "low": None, "high": 1.0},
        {"spec": "a.py::test_near", "what": "near", "ratio": 0.5, "low": None, "high": 1.0},
    ]
    assert margins.margin(3.0, 2, None) == 1.5 and margins.margin(0.5, None, 1.0) == 2.0
    assert margins.margin(1.5, 1, 2) == pytest.approx(4 / 3)
    rows = margins.table(records).splitlines()[1:]
    assert "test_near: near" in rows[0] and rows[0].split()[:3] == ["1.11", "2", "0.900"]
    assert "test_far: far" in rows[1]


def test_adaptive_rounds_stop_once_within_bounds_and_go_on_while_out():
    calls = []

    def measured(seconds):
        def run():
            calls.append(seconds)
            time.sleep(seconds)
        return run

    # a quiet world inside the bound: only the minimum rounds (a ratio of 1/50, so that a loaded
    # machine's late wake-ups cannot push it out of the bound)
    best_until_within(measured(0.001), measured(0.05), high=1.0, rounds=2, extra=5)
    assert len(calls) == 4
    calls.clear()
    # a world that can never reach the bound: every extra round is taken, and the ratio stays out
    num, den = best_until_within(measured(0.05), measured(0.001), high=1.0, rounds=2, extra=5)
    assert len(calls) == 2 * (2 + 5) and num / den > 1.0


@pytest.mark.parametrize(
    "spec, message",
    [("./nowhere", "no such file or directory"), ("not a name", "neither an existing path nor a module name")],
)
def test_loader_rejects_unusable_impl_values(spec, message):
    with pytest.raises(loader.ImplementationError, match=message):
        loader.resolve(spec)


def test_loader_resolves_a_module_name_and_a_package_path():
    assert loader.resolve("impl")[0] == "impl"
    name, syspath, origin = loader.resolve(str(loader.REFERENCE))
    assert (name, syspath) == ("impl", str(loader.REFERENCE.parent))


def test_echo_client_sees_a_complete_echo_and_the_servers_eof():
    listener = socket.create_server(("127.0.0.1", 0))

    def echo_once():
        conn, _ = listener.accept()
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                conn.sendall(data)

    server = threading.Thread(target=echo_once, daemon=True)
    server.start()
    try:
        exchange = echo_exchange(listener.getsockname(), [b"abc", b"", b"x" * 100000], hold_reads=True, timeout=10)
    finally:
        listener.close()
        server.join(10)
    assert exchange.received == exchange.sent and exchange.eof, exchange.describe()




def test_a_failed_check_of_megabytes_is_not_explained_by_a_diff_on_ci(monkeypatch):
    """With CI set pytest explains a failed `assert a == b` in full, and its diff of two nearly
    equal payloads of megabytes takes seconds to minutes per example (a known-bad ran past its
    600 s): the payload checks compare into a bool first, so the message is theirs alone."""
    from specs import test_pool_servers as pool
    from specs import test_sockets as socks
    from specs.harness.netclient import Exchange

    class Served:
        role = "serve_select"

        def describe_exit(self):
            return "still running"

    monkeypatch.setenv("CI", "true")
    sent = bytes(6 * 1024 * 1024)
    echoed = sent[:6000000] + b"x" + sent[6000001:]
    for check, what in [
        (lambda: socks.check_duplex(sent, sent, echoed, sent), "B -> A"),
        (lambda: socks.check_other_way_flows(sent, echoed), "stood full"),
        (lambda: pool._assert_served(Served(), Exchange(sent=sent, received=echoed, eof=True)), "serve_select"),
    ]:
        with pytest.raises(AssertionError, match=what) as caught:
            check()
        assert len(str(caught.value)) < 1000, f"pytest explained the comparison: {str(caught.value)[:300]}"


# ---- a failed echo's evidence and hint (netclient.Exchange) ----

from specs.harness.netclient import Exchange, plan_of, window  # noqa: E402


ECHO_HINTS = ["bytes came back changed", "more bytes came back", "close only after the pending output has been written",
              "keep reading until recv() returns b''", "send() may write only part of the buffer", "the server had stopped serving",
              "reset the connection"]


@pytest.mark.parametrize("received, error, hint", [
    (b"hello World\n", "", "bytes came back changed"),
    (b"hello world\nhello world\n", "", "more bytes came back"),
    (b"hello", "server closed the connection before echoing everything (after the client half-closed)",
     "close only after the pending output has been written"),
    (b"hello", "server closed the connection before echoing everything", "keep reading until recv() returns b''"),
    (b"hello", "timed out waiting for the server", "send() may write only part of the buffer"),
    (b"", "could not connect: [Errno 111] Connection refused", "the server had stopped serving"),
    (b"hel", "connection error while reading: [Errno 104] Connection reset by peer", "reset the connection"),
    (b"hello world\n", "", None),
])
def test_an_echo_hint_follows_its_evidence_only(received, error, hint):
    exchange = Exchange(b"hello world\n", received, False, error, plan_of([b"hello ", b"world\n"]))
    if hint is None:
        assert exchange.hint_line() == "" and exchange.describe() == "all 12 bytes came back"
        return
    line = exchange.hint_line()
    assert line.startswith("\nhint: ") and hint in line and line.count("\n") == 1
    others = set(ECHO_HINTS) - {hint}
    if "close only after" in hint:  # that hint names both causes of a close with the echo unsent
        others.discard("send() may write only part of the buffer")
    assert not [o for o in others if o in line], line


def test_an_echo_failure_shows_where_the_bytes_differ_and_how_the_client_behaved():
    plan = plan_of([b"x" * (6 << 20), b"y" * 5000], read_pauses=[1.0], hold_reads=True, half_close_after=0, rcvbuf=4096)
    text = Exchange(b"abcdefgh", b"abcDefgh", False, "", plan).describe()
    assert "\n  at byte 3: sent 61 62 63 [64] 65 66 67 68 'abcdefgh', got 61 62 63 [44] 65 66 67 68 'abcDefgh'\n" in text
    assert plan in text and "2 chunks (6 MiB, 4.88 KiB)" in plan and "stopped reading for up to 1 s" in plan
    assert "read nothing until its writes stalled" in plan and "half-closed right after its last send" in plan
    import random

    rng = random.Random(1)
    unique = bytes(rng.getrandbits(8) for _ in range(600))
    dropped = Exchange(unique, unique[:100] + unique[150:], False, "", "")
    assert "\n  50 bytes of the stream went missing there" in dropped.describe() and "send() may write only part" in dropped.hint_line()
    periodic = bytes(range(200)) * 3  # where the gap's size cannot be told, it is not guessed
    assert "\n  some bytes of the stream went missing" in Exchange(periodic, periodic[:100] + periodic[150:], False, "").describe()
    assert window(b"ab", 5) == "nothing" and len(Exchange(b"x" * (6 << 20), b"", False, "timed out").describe()) < 400


@pytest.mark.parametrize("ran, says", [
    ([(0, 1, {}), (1, 2, {})], "task 0 ran as func(0, 1) without its keyword arguments {'a': 1}\nhint: call the task as func(*args, **kwargs)"),
    ([(1, 2, {}), (0, 1, {"a": 1})], "the task run in place 0 was task 1, not task 0"),
    ([(0, 1, {"a": 1})], "only 1 of the 2 tasks ran"),
    ([(0, 1, {"a": 1}), (1, 2, {}), (1, 2, {})], "3 tasks ran for 2 submitted"),
    ([(0, 9, {"a": 1}), (1, 2, {})], "task 0 ran with (9, {'a': 1}) instead of (1, {'a': 1})"),
])
def test_a_mythread_task_mismatch_is_told_by_its_first_difference(ran, says):
    from specs.test_thread_pool import _first_difference

    text = _first_difference([(0, 1, {"a": 1}), (1, 2, {})], ran)
    assert text.startswith(says) and (("hint:" in text) == ("hint:" in says)), text


def test_hinted_adds_its_hint_to_a_failed_check_only():
    from specs.harness.checks import hinted

    from specs.harness import messages

    with pytest.raises(AssertionError) as failed, hinted("use sendall()", "请用 sendall()"):
        raise AssertionError("sent 10 bytes, got 4 back")
    assert str(failed.value) == "sent 10 bytes, got 4 back\nhint: use sendall()"
    with pytest.raises(AssertionError) as kept, hinted("use sendall()", "请用 sendall()"):
        raise AssertionError("lost\nhint: the check's own, nearer the evidence")
    assert str(kept.value).count("hint: ") == 1 and "nearer the evidence" in str(kept.value)
    messages.set_reason_lang("zh")
    try:
        with pytest.raises(AssertionError) as chinese, hinted("use sendall()", "请用 sendall()"):
            raise AssertionError("少了 6 个字节")
    finally:
        messages.set_reason_lang("en")
    assert str(chinese.value) == "少了 6 个字节\n提示：请用 sendall()"
    with pytest.raises(ValueError) as other, hinted("use sendall()", "请用 sendall()"):
        raise ValueError("not a failed check")
    assert "hint" not in str(other.value)


def test_a_reasons_hint_is_found_in_either_language():
    from specs.harness.report import hint_of

    assert hint_of("sent 10, got 4\nhint: use sendall()") == "use sendall()"
    assert hint_of("发送 10 字节，收到 4 字节\n提示：请用 sendall()") == "请用 sendall()"
    assert hint_of("no hint here: hint: inside a line") is None


def test_a_long_reason_is_cut_after_a_whole_word_on_the_fail_line():
    from specs.harness.report import _clip

    short = "MyQueue: put [0, 1] in this order, get() returned them as [1, 0]"
    assert _clip(short) == short
    long = "serve_thread_pool: sent 1048576 bytes, got 49152 back; they agree on the first 49152 bytes " \
           "(server closed the connection before echoing everything (after the client half-closed))"
    clipped = _clip(long)
    assert clipped.endswith(" …") and len(clipped) <= 162 and long.startswith(clipped[:-2])
    assert clipped[:-2].split()[-1] in long.split(), "no word is cut in two"
    assert _clip("x" * 300) == "x" * 160 + " …", "a line without spaces is cut at the width"


def test_every_profile_a_verdict_comes_from_is_derandomized_and_skips_the_explain_phase():
    """The same package gets the same verdict on every run (a random seed once let a LIFO queue
    pass queue.fifo in ~3 % of runs), and a failing example is not rerun part by part for remarks."""
    from hypothesis import Phase, settings

    from specs.harness import plugin

    for name in ("dev", "ci", "reject"):
        profile = settings.get_profile(name)
        assert profile.derandomize and profile.database is None, name
        assert Phase.explain not in profile.phases, name
    assert not settings.get_profile("thorough").derandomize, "thorough explores afresh each run"
    assert set(plugin.PROFILES) == {"dev", "ci", "thorough", "reject"}


def test_a_judging_run_makes_room_for_the_epoll_specs_descriptors():
    """A soft limit of 1024 open files (a common default) is raised within the hard limit: the epoll
    spec holds 800 idle connections in the judge and as many in the server, which inherits it."""
    import subprocess
    import sys

    code = ("import resource; from specs.harness import plugin; "
            "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE); "
            "resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, soft), hard)); "
            "plugin._room_for_descriptors(); print(*resource.getrlimit(resource.RLIMIT_NOFILE))")
    soft, hard = map(int, subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                         timeout=60, check=True).stdout.split())
    assert soft == min(4096, hard) or (hard == -1 and soft == 4096)


class _StartedServer:
    """What server_per_example's start gives FreshAfterDeath: a context manager of a handle."""

    def __init__(self, number):
        self.address, self.number = ("127.0.0.1", number), number

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def alive(self):
        return True


def test_a_server_retired_in_an_example_serves_that_example_and_not_the_next(monkeypatch):
    """A reset leaves a handler stuck (a pool's process waits on a lock forever): the example that
    reset gets to see it, the examples after it get a fresh server. A retire made before the
    example's first client (test_pool_servers does so) must not be used up by that example, nor
    a retire in two examples in a row be merged into one."""
    from specs.harness import servers

    started = []
    example = {"now": "A"}
    monkeypatch.setattr(servers, "_current_example", lambda: example["now"])
    server = servers.FreshAfterDeath(None, "serve_x", lambda impl, role: started.append(1) or _StartedServer(len(started)))
    seen = []
    for name, retires in [("A", False), ("B", True), ("C", True), ("D", False), ("E", False)]:
        example["now"] = name
        if retires:
            server.retire()
        seen.append((name, server.address[1], server.address[1]))  # twice: a server per example, not per client
    assert seen == [("A", 1, 1), ("B", 1, 1), ("C", 2, 2), ("D", 3, 3), ("E", 3, 3)]
