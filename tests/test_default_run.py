"""A plain `pytest specs` spreads the specs over workers; naming single specs, -n 0 or --pdb does not."""
import subprocess
import sys

import pytest

from specs.harness.plugin import DEFAULT_WORKERS
from tests.helpers import ROOT, clean_env

CHEAP = ["--claim", "net.layers.", "--claim", "queue.fifo"]  # a few quick specs


def run_pytest(*args):
    env = clean_env()
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return done.stdout


def workers_used(stdout):
    return {word for line in stdout.splitlines() for word in line.split() if word.startswith("[gw")}


@pytest.mark.skipif(DEFAULT_WORKERS < 2, reason="a one-core machine runs the specs one by one")
@pytest.mark.timeout(300)
def test_a_plain_run_uses_workers():
    out = run_pytest("specs", *CHEAP)
    assert f"created: {DEFAULT_WORKERS}/{DEFAULT_WORKERS} workers" in out, out[-2000:]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("how", [["specs", "-n", "0", *CHEAP], ["specs/test_queues.py::test_fifo"]])
def test_explicit_choices_run_in_one_process(how):
    out = run_pytest(*how)
    assert "workers" not in out and not workers_used(out), out[-2000:]
    assert " PASSED" in out
