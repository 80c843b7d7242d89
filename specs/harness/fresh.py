"""Run the runtime's facts in a fresh interpreter: gevent's (monkey-patched there, so patching
never reaches the pytest process).

    fresh.call(layout.module("gevent_probes:sleep_intervals"), 5, 0.05, "sleep", gevent=True, timeout=30)

runs ``sleep_intervals(None, 5, 0.05, "sleep")`` in a child interpreter and returns its result.
Arguments and result cross as JSON (``wire.dumps``/``wire.loads``: plain data only). No student
code runs there: roles run in subjects (``sandbox.py``), whole programs in ``sandbox.Program``.
"""
import contextlib
import importlib
import os
import signal
import subprocess
import sys
from . import layout, wire

PROJECT_ROOT = layout.IMPORT_ROOT  # where the tool's package is importable from


class FreshInterpreterFailed(AssertionError):
    """The child interpreter failed; the message carries the end of its stderr."""


def environment():
    paths = [str(PROJECT_ROOT)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PYTHONUNBUFFERED="1")


def command(*args):
    return [sys.executable, "-m", layout.module("harness.fresh"), *args]


def call(target, *args, gevent=False, timeout=60.0):
    proc = subprocess.Popen(
        command("call", target, "gevent" if gevent else "plain"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=environment(),
        cwd=str(PROJECT_ROOT),
    )
    try:
        out, err = proc.communicate(wire.dumps(list(args), side="judge"), timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise FreshInterpreterFailed(f"{target} did not finish within {timeout:.0f} s in its own interpreter") from None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # whatever it started dies with it
    if proc.returncode != 0 or not out:
        tail = "\n".join(err.decode(errors="replace").strip().splitlines()[-12:])
        raise FreshInterpreterFailed(f"{target} failed in its own interpreter (exit {proc.returncode}):\n{tail}")
    return wire.loads(out)


def _main(argv):
    target = argv[1]
    if argv[2] == "gevent":
        from gevent import monkey

        monkey.patch_all()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # the code's prints go to stderr; stdout carries only the result
    args = wire.loads(sys.stdin.buffer.read(), side="subject")
    module_name, func_name = target.split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    try:
        result = func(None, *args)
    except BaseException as exc:  # travels back and is raised in the spec
        result = exc
    try:
        payload = wire.dumps(result)
    except Exception as exc:
        payload = wire.dumps(FreshInterpreterFailed(f"{target} returned what is not plain data: {exc}"))
    out.write(payload)
    out.flush()


if __name__ == "__main__":
    _main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(0)  # do not wait for threads the code left running; the parent kills the group
