"""--repro: a standalone script per failing claim replays its smallest example against the
student's package, without pytest or Hypothesis; it fails as the spec did while the mistake is
there and says "passed" on a correct package."""
import json
import math
import subprocess
import sys

import pytest

from specs.harness import replay
from tests.helpers import BAD, ROOT, clean_env, run_specs


def run_script(path, cwd, timeout=120):
    return subprocess.run([sys.executable, str(path)], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=clean_env())


@pytest.mark.slow
@pytest.mark.timeout(600)  # the spec run shrinks (the dev profile), each failing example waiting out its patience
@pytest.mark.parametrize("bad, claim_id, says", [
    ("queue_lifo", "queue.fifo", "get() returned them as [1, 0]"),
    ("server_select_closes_at_eof", "server.echo.bytes-intact", "close only after the pending output has been written"),
    ("mythread_drops_kwargs", "worker.mythread.runs-tasks-in-order-with-their-arguments", "without its keyword arguments"),
    ("lock_missing", "lock.counter-exact-with-lock", "lost"),
    ("queue_producer_drops_when_full", "prodcons.threads.every-item-consumed-once", "AssertionError"),
    # a spec that explores inside its body: the script runs it with the judge's Hypothesis settings
    ("queue_get_unlocked", "queue.threads.every-item-once", "pop from an empty deque"),
    # its worker is not a daemon: the script must end anyway, not wait for that thread forever
    ("mythread_not_daemon", "worker.mythread.starts-itself-as-daemon", "is not a daemon"),
    # the server models: st.data()'s draws replayed, the pool size the judge chose, a reset
    ("server_asyncio_serial", "server.asyncio.serves-clients-at-once", "other client(s) held their connections open"),
    ("server_thread_pool_unbounded", "server.thread-pool.bounded-by-workers", "does not bound the threads"),
    ("models_reset_escapes_loop", "server.echo.survives-reset", "ConnectionResetError"),
    # through a subject, as the judge runs them: the tasks a judge hands the role run where it puts them
    ("task_name_dropped", "control.name.set-and-renamed", "constructed with name="),
    ("task_join_forgotten", "control.join.waits-for-the-child", "it must join every child"),
    ("task_sequential", "multitask.processes.offloaded-tasks-run-together", "the tasks ran one after another"),
    ("task_manager_plain_dict", "ipc.manager.dict-carries-child-updates", "never sent to another process"),
    ("coro_unprimed_consumer", "gen.pc.alternates", "can't send non-None value to a just-started generator"),
    ("coro_greenlet_wrong_switch", "greenlet.pc.alternates", "expected for each item: produce, consume, done"),
    ("coro_counter_switch_inside", "coro.trait.no-lock-while-no-switch", "updates were lost"),
])
def test_a_reproducer_fails_as_the_spec_did_and_passes_once_fixed(bad, claim_id, says, tmp_path):
    folder = tmp_path / "repro"
    # the default profile, as a student runs it: Hypothesis shrinks, the script replays the smallest example
    done, rows = run_specs("--repro", str(folder), impl=BAD / bad, claims=[claim_id], tmp_path=tmp_path, profile="dev")
    assert rows[claim_id]["outcome"] == "fail", done.stdout[-3000:]
    script = folder / f"{claim_id}.py"
    assert rows[claim_id]["repro"] == str(script) and f"reproducer: {sys.executable} {script}" in done.stdout
    assert "recording(" not in rows[claim_id]["message"], "the example is named after the spec, not our wrapper"
    text = script.read_text()
    assert "import pytest" not in text and "hypothesis import" not in text and "from specs.harness.replay import" in text
    assert "use_profile('dev')" in text, "the run's Hypothesis profile"
    failed = run_script(script, cwd=tmp_path)
    raised = "AssertionError" in failed.stderr or "ClaimViolation" in failed.stderr  # the spec's own (a subclass)
    assert failed.returncode == 1 and raised and says in failed.stderr, failed.stderr[-3000:]
    fixed = tmp_path / "fixed.py"  # the same example against the reference: the mistake is gone
    if "run_in_subject(" in text:  # the package's path is given to the judge's loader
        assert "what it prints is shown after the example" in text
        fixed.write_text(text.replace(repr(str(BAD / bad)), repr(str(ROOT / "impl"))))
    else:
        fixed.write_text(text.replace(repr(str(BAD)), repr(str(ROOT))).replace(f"import {bad} as package", "import impl as package"))
    passed = run_script(fixed, cwd=tmp_path)
    assert passed.returncode == 0 and "passed: this example no longer fails" in passed.stdout, passed.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("bad, claim_id", [
    ("task_join_early", "multitask.processes.offloaded-time-of-one"),
    ("models_busy_poll", "server.multiplexed.idle-without-cpu"),
])
def test_a_timing_claim_is_replayed_through_a_subject_and_says_where_it_measures(bad, claim_id, tmp_path):
    folder = tmp_path / "repro"
    done, rows = run_specs("--repro", str(folder), impl=BAD / bad, claims=[claim_id], tmp_path=tmp_path)
    assert rows[claim_id]["outcome"] == "fail", done.stdout[-3000:]
    script = folder / f"{claim_id}.py"
    text = script.read_text()
    assert "run_in_subject(" in text and "A timing claim: the script measures on your machine" in text
    failed = run_script(script, cwd=tmp_path)
    # a join before the parent's own work costs two waits however busy the machine; a busy-polling
    # loop burns CPU however busy: the wrong world measures wrong in the script too
    assert failed.returncode == 1 and "expected ratio" in failed.stderr, failed.stderr[-3000:]
    fixed = tmp_path / "fixed.py"
    fixed.write_text(text.replace(repr(str(BAD / bad)), repr(str(ROOT / "impl"))))
    passed = run_script(fixed, cwd=tmp_path)
    assert passed.returncode == 0 and "passed: this example no longer fails" in passed.stdout, passed.stderr[-3000:]


def test_a_spec_whose_fixtures_a_script_cannot_make_gets_a_script_that_reruns_its_claim(tmp_path):
    example = {"args": {}, "fixtures": ["TaskThread", "monkeypatch"]}
    node = "specs/test_task_control.py::test_x"
    assert not replay.replayable(node, example)
    rows = [{"id": "control.name.set-and-renamed", "statement": "s", "statement_zh": "", "kind": "behaviour",
             "subject": "roles", "outcome": "fail", "specs": {node: "fail"}}]
    written = replay.write_all(tmp_path, rows, {node: example}, BAD / "task_name_dropped")
    text = written["control.name.set-and-renamed"].read_text()
    assert "cannot be replayed outside the judge yet" in text and '"--claim", \'control.name.set-and-renamed\'' in text
    compile(text, "fallback.py", "exec")


def test_examples_become_python_source_and_fixtures_are_left_out():
    big = bytes(range(256)) * 64
    found = replay.as_source({"chunks": [b"ab", big], "pauses": (0.5,), "n": 3, "flag": True, "queue": object(),
                              "ratio": math.nan, "plan": {"k": [None, "x"]}})
    assert set(found) == {"chunks", "pauses", "n", "flag", "plan"}  # an object and a nan are not plain data
    assert found["chunks"].startswith("[b'ab', blob(") and len(found["chunks"]) < len(big) // 4
    assert eval(found["chunks"], {"blob": replay.blob}) == [b"ab", big]
    assert eval(found["pauses"]) == (0.5,) and eval(found["plan"]) == {"k": [None, "x"]}


def test_what_a_spec_drew_is_replayed_in_order_then_the_simplest_values():
    from hypothesis import given, strategies as st

    kept = {}

    @given(st.data())
    def spec(data):
        recorded = replay.RecordedDraws(data)
        recorded.draw(st.integers(5, 9), label="n")
        recorded.draw(st.binary(min_size=1))
        kept.update(replay.as_source({"data": recorded, "other": object()}))

    spec()
    assert set(kept) == {"data"} and kept["data"].startswith("drawn([")
    draws = eval(kept["data"], {"drawn": replay.drawn})
    first, second = draws.draw(st.integers(5, 9)), draws.draw(st.binary(min_size=1))
    assert 5 <= first <= 9 and isinstance(second, bytes) and len(second) >= 1
    assert draws.draw(st.permutations([0, 1, 2])) == [0, 1, 2], "past the recording: the simplest value"
    unplain = replay.RecordedDraws(None)
    unplain.values.append(object())
    assert replay.as_source({"data": unplain}) == {}, "a drawn object that is not plain data: no reproducer"


def test_only_a_role_spec_with_fixtures_the_script_can_make_is_replayed():
    example = {"args": {"items": "[0, 1]"}, "fixtures": ["make_queue"]}
    assert replay.replayable("specs/test_queues.py::test_fifo[MyQueue]", example)
    assert not replay.replayable("specs/test_queues.py::test_fifo[queue.Queue]", example)  # the runtime's queue
    assert replay.replayable("specs/test_thread_pool.py::test_x", {"args": {"count": "2"}, "fixtures": ["MyThread", "patience"]})
    # through a subject: roles, the judge's plain fixtures and the spec module's own (kind)
    assert replay.replayable("specs/test_task_control.py::test_x", {"args": {}, "fixtures": ["TaskThread", "implementation"]})
    assert replay.replayable("specs/test_task_control.py::test_names[TaskProcess]",
                             {"args": {"first": "'0'"}, "fixtures": ["kind", "patience"], "params": {"kind": "'TaskProcess'"}})
    assert not replay.replayable("specs/test_task_control.py::test_names[Process]", {"args": {}, "fixtures": ["kind"]})  # the runtime's
    assert not replay.replayable("specs/test_task_control.py::test_x", {"args": {}, "fixtures": ["TaskThread", "monkeypatch"]})
    assert not replay.replayable("specs/test_queues.py::test_fifo[MyQueue]", None)
    served = {"args": {"data": "drawn([1])"}, "fixtures": ["patience", "server"]}
    assert replay.replayable("specs/test_server_models.py::test_x[serve_select]", served)
    # a timing claim: through a subject (the module's own server fixture), never in the script's process
    assert replay.replayable("specs/test_server_models.py::test_x[serve_select]", served, kind="timing")
    assert not replay.replayable("specs/test_thread_pool.py::test_x", {"args": {}, "fixtures": ["MyThread", "capsys"]}, kind="timing")


def test_a_repro_path_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "taken").write_text("")
    done, _ = run_specs("--repro", str(tmp_path / "taken"), claims=["queue.fifo"])
    assert done.returncode == 4 and "--repro" in done.stderr and "is a file" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_local_fixtures_offer_what_the_replayed_specs_use():
    """A replayed spec body must find on the local stand-ins every attribute it uses on the
    judge's fixtures, or its script would fail for a reason of ours. Timing specs are never
    replayed; the helpers a spec calls use the fixture as it does."""
    import ast

    from specs.harness.claims import load_catalogue
    from specs.test_queues import QueueKind

    timing = {c.id for c in load_catalogue() if c.kind == "timing"}
    stand_ins = {"echo_server": replay.LocalServer, "server": replay.LocalServer, "make_queue": QueueKind}
    checked = set()
    for source in (ROOT / "specs").glob("test_*.py"):
        tree = ast.parse(source.read_text())
        functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
        for name, spec in functions.items():
            strings = {n.value for d in spec.decorator_list for n in ast.walk(d) if isinstance(n, ast.Constant)}
            if not name.startswith("test_") or strings & timing:
                continue
            called = {n.func.id for n in ast.walk(spec) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            for body in [spec] + [functions[c] for c in called if c in functions]:
                fixtures = {a.arg for a in body.args.args} & set(stand_ins)  # not a local of that name
                for node in ast.walk(body):
                    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in fixtures:
                        local = stand_ins[node.value.id]
                        checked.add(f"{node.value.id}.{node.attr}")
                        assert node.attr in dir(local) or node.attr in _instance_attributes(local), \
                            f"{source.name}::{name}: {node.value.id}.{node.attr}"
    assert {"server.keywords", "server.describe_exit", "echo_server.pgid", "make_queue.name"} <= checked


def _instance_attributes(cls):
    """The attributes a class's methods assign on self (tuple targets too)."""
    import ast
    import inspect
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name) and node.value.id == "self"}


def test_a_graded_students_scripts_replay_the_copy_kept_beside_them(tmp_path):
    """grade's work folder goes once the student is judged: both kinds of script must then name
    the package copied beside them, whether they import it or load it into a subject."""
    from specs.harness import grading

    work, repro = tmp_path / "work", tmp_path / "repro"
    (work / "bob").mkdir(parents=True)
    (work / "bob" / "__init__.py").write_text("")
    repro.mkdir()
    (repro / "in_process.py").write_text(f"sys.path.insert(0, {str(work)!r})\nimport bob as package\n")
    (repro / "subject.py").write_text(f"run_in_subject(spec, {str(work / 'bob')!r}, params=dict(), example=dict())\n")
    (repro / "fallback.py").write_text(f'"--impl={work / "bob"}"\n')
    grading._keep_reproducers_runnable(repro, work / "bob")
    kept = (repro / "bob").resolve()
    assert (kept / "__init__.py").exists()
    assert (repro / "in_process.py").read_text().startswith(f"sys.path.insert(0, {str(repro.resolve())!r})")
    assert repr(str(kept)) in (repro / "subject.py").read_text()
    assert f"--impl={kept}" in (repro / "fallback.py").read_text()
    assert str(work) not in "".join(p.read_text() for p in repro.glob("*.py"))


def test_a_chinese_report_gets_its_scripts_in_chinese():
    assert set(replay.WORDS["en"]) == set(replay.WORDS["zh"])
    claim = {"id": "control.name.set-and-renamed", "statement": "A thread has the name given.", "statement_zh": "线程的名字是构造时给定的。",
             "kind": "behaviour"}
    example = {"args": {"first": "'0'"}, "fixtures": ["kind", "patience"], "params": {"kind": "'TaskProcess'"}}
    node = "specs/test_task_control.py::test_names[TaskProcess]"
    zh = replay.script(claim, node, example, BAD / "task_name_dropped", lang="zh")
    assert "线程的名字是构造时给定的。" in zh and "沙箱" in zh and 'set_reason_lang("zh")' in zh and "A thread" not in zh
    compile(zh, "zh.py", "exec")
    en = replay.script(claim, node, example, BAD / "task_name_dropped")
    assert "A thread has the name given." in en and "set_reason_lang" not in en and "sandbox" in en
    # a claim whose fixtures no script can make (of any kind, timing too) is rerun through pytest
    fallback = replay.fallback_script({**claim, "kind": "timing"}, node, BAD / "task_name_dropped", lang="zh")
    assert "暂时还不能在评判之外重放" in fallback and "计时声明" not in fallback and '"--lang", "zh"' in fallback
    compile(fallback, "fallback.py", "exec")
