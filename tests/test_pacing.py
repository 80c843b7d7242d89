"""A spec's timeout is its search's budget: running out of it while examples pass is not the
student's failure (an error, judged again with more time); a hang still is."""
import time
from collections import namedtuple
from types import SimpleNamespace

import pytest
from _pytest.outcomes import Failed
from hypothesis import given, settings
from hypothesis import strategies as st

from specs.harness import pacing, plugin, replay, report

TIMEOUT = Failed("Timeout (>5.0s) from pytest-timeout.")  # what pytest-timeout raises in the spec


def search(example, examples=10):
    """A Hypothesis search whose k-th example (from 1) does example(k), watched by pacing."""
    calls = []

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None)
    @given(st.integers())
    def spec(x):
        calls.append(x)
        example(len(calls))

    pacing.watch(spec, timeout=5)
    return spec


def timeout_at(k, before=0.02, hang=0.0):
    """Examples 1..k-1 take `before` s and pass; example k runs `hang` s, then the timeout strikes."""
    def example(i):
        if i < k:
            time.sleep(before)
        elif i == k:
            time.sleep(hang)
            raise TIMEOUT
    return example


def test_a_timeout_while_examples_pass_ends_the_search_as_out_of_time():
    with pytest.raises(pacing.SearchTimeout) as raised:
        search(timeout_at(3))()
    assert "ran out of time (5 s)" in str(raised.value) and "2 passed" in str(raised.value)


@pytest.mark.parametrize("case", [
    dict(k=3, before=0.01, hang=0.3),  # the example running took 30 times the longest that passed
    dict(k=1),  # no example passed: nothing says the search was making progress
])
def test_a_timeout_in_an_example_far_slower_than_those_before_is_a_hang(case):
    with pytest.raises(BaseException) as raised:
        search(timeout_at(**case))()
    assert not isinstance(raised.value, pacing.SearchTimeout), raised.value


def test_a_timeout_while_a_real_failure_is_shrunk_stays_that_failure():
    def example(i):
        if i == 2:
            raise AssertionError("the student's bug")
        if i > 2:
            raise TIMEOUT  # Hypothesis is replaying and shrinking example 2
    with pytest.raises(BaseException) as raised:
        search(example)()
    assert not isinstance(raised.value, pacing.SearchTimeout), raised.value


def _report(**props):
    return SimpleNamespace(failed=True, skipped=False, when="call", longreprtext="E   boom",
                           user_properties=[[k, v] for k, v in props.items()])  # as a child sends them, serialized


def test_an_out_of_time_spec_is_an_error_and_any_other_failed_call_a_fail():
    assert report.spec_outcome(_report(out_of_time=True))[0] == "error"
    assert report.spec_outcome(_report())[0] == "fail"


Settings = namedtuple("Settings", "timeout method func_only")  # pytest-timeout's shape


@pytest.mark.parametrize("runs_out, budgets_tried, outcome", [
    (1, [10], "fail"),  # out of time once: judged again with 10 s, and decided
    (9, [10, 20], "error"),  # out of time every time: judged twice more, then left undecided
])
def test_an_out_of_time_spec_is_judged_again_with_its_timeout_doubled(monkeypatch, runs_out, budgets_tried, outcome):
    budgets = []

    class Child:
        def __init__(self, item, settings, timing=False):
            budgets.append(settings.timeout)

        def reports(self):
            return [_report(out_of_time=True) if len(budgets) < runs_out else _report()]

    monkeypatch.setattr(plugin.isolation, "SpecChild", Child)
    item = SimpleNamespace(_specs_timeout=Settings(5, "signal", False))
    reports = plugin._judged_again_while_out_of_time(item, [_report(out_of_time=True)])
    assert budgets == budgets_tried and report.spec_outcome(reports[0])[0] == outcome


def test_a_spec_that_ran_out_of_time_gets_no_reproducer(tmp_path):
    """Nothing failed, so there is nothing to replay: --repro writes no script for that claim."""
    spec = search(timeout_at(3))
    item = SimpleNamespace(obj=spec)
    replay.record(item)  # as the plugin does, around pacing's watch
    with pytest.raises(pacing.SearchTimeout):
        spec()
    node = "specs/test_queues.py::test_fifo_order[MyQueue]"
    example = replay.example_of(item)
    claim = {"id": "queue.fifo", "statement": "a queue is first in, first out", "subject": "roles",
             "outcome": "error", "specs": {node: "error"}}
    assert replay.write_all(tmp_path, [claim], {node: example}, tmp_path) == {}
    # the same claim failed by a real example: a script is written (the check above can fail)
    failed = {"args": {}, "fixtures": ["MyQueue"], "params": {}}
    assert set(replay.write_all(tmp_path, [claim], {node: failed}, tmp_path)) == {"queue.fifo"}
