"""The suite's own tests. Those that run whole `pytest specs` sessions in subprocesses are marked
`slow`: the tox matrix skips them (`-m "not slow"`), the README's test command runs everything."""
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from specs.harness.claims import load_catalogue
from specs.harness.isolation import remove_turnstile
from tests import kill_matrix

# The packages the tests judge are not tests: pytest must not enter their folders (one of the
# hostile ones carries a conftest.py, which pytest would load into this run).
collect_ignore = ["bad", "bad_input", "good", "hostile"]

SLOW_MODULES = {
    "test_known_bad",
    "test_known_good",
    "test_containment",
    "test_leaks",
    "test_reports",
    "test_grading",
    "test_starter_kit",
    "test_timing_isolation",
    "test_hostile",
}


def pytest_collection_modifyitems(config, items):
    timing = {c.id for c in load_catalogue() if c.kind == "timing"}
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if timing.intersection(getattr(getattr(item, "function", None), "rejects", ())):
            # A wrong world measured by a timing spec's own check must be measured as the spec
            # measures: alone (the shared turnstile) and in a session of its own at the spec's
            # priority. Measured beside other tests, a pure-Python thread pair once beat its
            # sequential run by 15% (waking threads are favoured over busy neighbours).
            item.add_marker(pytest.mark.cpu_exclusive)
            item.add_marker(pytest.mark.spec_conditions)


def pytest_configure(config):
    """Inner spec runs started by tests on different workers share one CPU turnstile, as batch
    grading's runs do: a timing spec of one run then never measures beside another run's specs
    (the CI machine caught a connection-setup ratio measured beside a neighbour's run)."""
    if config.option.durations is None:
        config.option.durations = 15  # CI keeps a failed run's log: it shows where the time went
    if not hasattr(config, "workerinput") and kill_matrix.FOLDER_VARIABLE not in os.environ:
        config._kill_dir = tempfile.mkdtemp(prefix="netspecs-kill-")  # the workers inherit it
        os.environ[kill_matrix.FOLDER_VARIABLE] = config._kill_dir
    if "SPECS_TURNSTILE" in os.environ:
        return  # the caller's, or (on an xdist worker) the one the controller set before starting it
    path = os.path.join(tempfile.gettempdir(), f"netspecs-tests-{uuid.uuid4().hex}")
    os.environ["SPECS_TURNSTILE"] = path
    config._specs_turnstile = path


def pytest_sessionfinish(session, exitstatus):
    """When every known-bad ran, the kill matrix per node must match its gap list."""
    folder = getattr(session.config, "_kill_dir", None)
    if folder is None:
        return
    from tests.rejections import KNOWN_BAD

    ran = {path.stem for path in Path(folder).glob("*.json")} - {"role_nodes"}
    if ran != set(KNOWN_BAD):
        return  # a partial run (-k, -m "not slow", a failure): the matrix needs them all
    problems, notes = kill_matrix.check(folder)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = notes + problems
    if reporter is not None:
        reporter.write_sep("=", "kill matrix per spec node", red=bool(problems))
        for line in lines:
            reporter.write_line(line)
    if problems:
        session.exitstatus = 1


def pytest_unconfigure(config):
    folder = getattr(config, "_kill_dir", None)
    if folder:
        os.environ.pop(kill_matrix.FOLDER_VARIABLE, None)
        shutil.rmtree(folder, ignore_errors=True)
    path = getattr(config, "_specs_turnstile", None)
    if path:
        os.environ.pop("SPECS_TURNSTILE", None)
        remove_turnstile(path)
