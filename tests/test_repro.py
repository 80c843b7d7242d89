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
@pytest.mark.parametrize("bad, claim_id, says", [
    ("queue_lifo", "queue.fifo", "get() returned them as [1, 0]"),
    ("server_select_closes_at_eof", "server.echo.bytes-intact", "close only after the pending output has been written"),
    ("mythread_drops_kwargs", "worker.mythread.runs-tasks-in-order-with-their-arguments", "without its keyword arguments"),
    ("lock_missing", "lock.counter-exact-with-lock", "lost"),
    ("queue_producer_drops_when_full", "prodcons.threads.every-item-consumed-once", "AssertionError"),
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
    assert "import pytest" not in text and "given" not in text and "from specs.harness.replay import" in text
    failed = run_script(script, cwd=tmp_path)
    assert failed.returncode == 1 and "AssertionError" in failed.stderr and says in failed.stderr, failed.stderr[-3000:]
    fixed = tmp_path / "fixed.py"  # the same example against the reference: the mistake is gone
    fixed.write_text(text.replace(repr(str(BAD)), repr(str(ROOT))).replace(f"import {bad} as package", "import impl as package"))
    passed = run_script(fixed, cwd=tmp_path)
    assert passed.returncode == 0 and "passed: this example no longer fails" in passed.stdout, passed.stderr[-3000:]


@pytest.mark.slow
def test_a_spec_that_cannot_be_replayed_gets_a_script_that_reruns_its_claim(tmp_path):
    folder = tmp_path / "repro"
    done, rows = run_specs("--repro", str(folder), impl=BAD / "task_name_dropped", claims=["control.name"], tmp_path=tmp_path)
    failing = [c for c, row in rows.items() if row["outcome"] == "fail"]
    assert failing, done.stdout[-3000:]
    for claim_id in failing:
        text = (folder / f"{claim_id}.py").read_text()
        assert "cannot be replayed outside the judge yet" in text and f'"--claim", {claim_id!r}' in text
    assert json.loads((tmp_path / "claims.json").read_text())  # the report still names each script
    assert all(rows[c]["repro"] for c in failing)


def test_examples_become_python_source_and_fixtures_are_left_out():
    big = bytes(range(256)) * 64
    found = replay.as_source({"chunks": [b"ab", big], "pauses": (0.5,), "n": 3, "flag": True, "queue": object(),
                              "ratio": math.nan, "plan": {"k": [None, "x"]}})
    assert set(found) == {"chunks", "pauses", "n", "flag", "plan"}  # an object and a nan are not plain data
    assert found["chunks"].startswith("[b'ab', blob(") and len(found["chunks"]) < len(big) // 4
    assert eval(found["chunks"], {"blob": replay.blob}) == [b"ab", big]
    assert eval(found["pauses"]) == (0.5,) and eval(found["plan"]) == {"k": [None, "x"]}


def test_only_a_role_spec_with_fixtures_the_script_can_make_is_replayed():
    example = {"args": {"items": "[0, 1]"}, "fixtures": ["make_queue"]}
    assert replay.replayable("specs/test_queues.py::test_fifo[MyQueue]", example)
    assert not replay.replayable("specs/test_queues.py::test_fifo[queue.Queue]", example)  # the runtime's queue
    assert replay.replayable("specs/test_thread_pool.py::test_x", {"args": {"count": "2"}, "fixtures": ["MyThread", "patience"]})
    assert not replay.replayable("specs/test_task_control.py::test_x", {"args": {}, "fixtures": ["TaskThread", "implementation"]})
    assert not replay.replayable("specs/test_queues.py::test_fifo[MyQueue]", None)


def test_a_repro_path_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "taken").write_text("")
    done, _ = run_specs("--repro", str(tmp_path / "taken"), claims=["queue.fifo"])
    assert done.returncode == 4 and "--repro" in done.stderr and "is a file" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_local_fixtures_offer_what_the_replayed_specs_use():
    """A replayed spec body must find on the local stand-ins every attribute it uses on the
    judge's fixtures, or its script would fail for a reason of ours."""
    import re

    from specs.test_queues import QueueKind

    stand_ins = {"echo_server": replay.LocalServer, "make_queue": QueueKind}
    for source in (ROOT / "specs").glob("test_*.py"):
        text = source.read_text()
        for fixture, local in stand_ins.items():
            for attribute in set(re.findall(rf"\b{fixture}\.(\w+)", text)):
                assert attribute in dir(local) or attribute in _instance_attributes(local), f"{source.name}: {fixture}.{attribute}"


def _instance_attributes(cls):
    """The attributes a class's methods assign on self (tuple targets too)."""
    import ast
    import inspect
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name) and node.value.id == "self"}
