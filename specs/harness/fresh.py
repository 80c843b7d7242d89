"""Run implementation code in a fresh interpreter: for gevent roles (monkey-patched before the
package is imported, so patching never reaches the pytest process) and for whole-program claims
(what an interpreter does at exit).

    fresh.call(implementation, "specs.probes.gevent:sleepers", 5, 0.05, gevent=True, timeout=30)

runs ``sleepers(impl, 5, 0.05)`` in a child interpreter and returns its result. Arguments and
result cross as JSON (``wire.dumps``/``wire.loads``: plain data only, never a pickle, since the
child runs student code); an exception comes back as its type when known, else as RemoteError. ``impl``
there has ``impl.role(name)`` like the fixture in the pytest process.
"""
import contextlib
import importlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from specs.harness import wire

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class FreshInterpreterFailed(AssertionError):
    """The child interpreter failed; the message carries the end of its stderr."""


def environment():
    paths = [str(PROJECT_ROOT)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PYTHONUNBUFFERED="1")


def command(*args):
    return [sys.executable, "-m", "specs.harness.fresh", *args]


def call(implementation, target, *args, gevent=False, timeout=60.0):
    spec = implementation.spec if implementation is not None else ""
    proc = subprocess.Popen(
        command("call", spec, target, "gevent" if gevent else "plain"),
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


class _FreshImplementation:
    def __init__(self, spec):
        from specs.harness import loader

        self.spec = spec
        self.module = None
        if spec:
            name, syspath, origin = loader.resolve(spec)
            self.module = loader.import_checked(name, syspath, origin)

    def role(self, name):
        obj = getattr(self.module, name, None)
        if obj is None or getattr(obj, "__specs_stub__", False):
            raise NotImplementedError(f"role {name!r} is not implemented")
        return obj


def _main(argv):
    mode, spec, target = argv[0], argv[1], argv[2]
    if mode == "serve":
        from gevent import monkey

        monkey.patch_all()
        import socket

        impl = _FreshImplementation(spec)
        listener = socket.socket(fileno=int(argv[3]))
        impl.role(target)(listener)
        return
    if argv[3] == "gevent":
        from gevent import monkey

        monkey.patch_all()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # the code's prints go to stderr; stdout carries only the result
    args = wire.loads(sys.stdin.buffer.read(), side="subject")
    module_name, func_name = target.split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    try:
        result = func(_FreshImplementation(spec), *args)
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
