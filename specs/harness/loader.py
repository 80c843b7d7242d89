"""Find, vet and import the implementation under test.

The package is first imported in a throw-away child interpreter (``probe``): an import that
crashes, hangs, exits or monkey-patches the interpreter is reported in one line and never
reaches the pytest process. Only then is it imported for real.
"""
import importlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE = PROJECT_ROOT / "impl"
NOT_IMPLEMENTED = "not implemented:"
PROBE_TIMEOUT = 60.0


class ImplementationError(Exception):
    """The user's --impl cannot be used; the message is one line for the user."""


def resolve(spec):
    """Map an --impl value to (import name, directory to put on sys.path or None)."""
    path = Path(spec).expanduser()
    looks_like_path = os.sep in spec or spec.startswith(".") or path.exists()
    if looks_like_path:
        if not path.exists():
            raise ImplementationError(f"--impl {spec}: no such file or directory")
        path = path.resolve()
        if path.is_dir():
            if not (path / "__init__.py").exists():
                raise ImplementationError(f"--impl {spec}: {path} is a folder but not a package (no __init__.py)")
            name = path.name
        elif path.suffix == ".py":
            name = path.stem
        else:
            raise ImplementationError(f"--impl {spec}: expected a package folder or a .py file")
        if not name.isidentifier():
            raise ImplementationError(f"--impl {spec}: {name!r} is not a valid Python module name")
        return name, str(path.parent), str(path)
    if not all(part.isidentifier() for part in spec.split(".")):
        raise ImplementationError(f"--impl {spec}: neither an existing path nor a module name")
    return spec, None, None


def probe(spec, timeout=PROBE_TIMEOUT):
    """Import the implementation in a child interpreter; return its role report."""
    name, syspath, origin = resolve(spec)
    cmd = [sys.executable, "-m", "specs.harness.probe", name, syspath or "", origin or ""]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])))
    try:
        done = subprocess.run(
            cmd, capture_output=True, timeout=timeout, cwd=str(PROJECT_ROOT), env=env, start_new_session=True
        )
    except subprocess.TimeoutExpired:
        raise ImplementationError(f"--impl {spec}: importing it did not finish within {timeout:.0f} s") from None
    lines = done.stdout.decode(errors="replace").strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
        raise ImplementationError(f"--impl {spec}: importing it ended the interpreter (exit {done.returncode}): {tail}")
    report = json.loads(lines[-1])
    if report.get("error"):
        raise ImplementationError(f"--impl {spec}: {report['error']}")
    return report


class Implementation:
    def __init__(self, spec, module, probe_report):
        self.spec = spec
        self.module = module
        self.name = probe_report["name"]
        self.origin = probe_report["origin"]
        self.roles = probe_report["roles"]  # name -> "ok" | "missing" | "stub"

    def provides(self, role_name):
        return self.roles.get(role_name) == "ok"

    def role(self, role_name):
        """The role's object; a missing or stubbed role skips the spec as not implemented."""
        if not self.provides(role_name):
            pytest.skip(f"{NOT_IMPLEMENTED} {self.name} provides no role {role_name!r}")
        return getattr(self.module, role_name)


def load(spec):
    """Probe, then import, the implementation. Raises ImplementationError with one line."""
    report = probe(spec)
    bad = [f"role {name!r} has the wrong signature: {why}" for name, why in report["signature_problems"].items()]
    if bad:
        raise ImplementationError(f"--impl {spec}: " + "; ".join(bad))
    name, syspath, origin = resolve(spec)
    module = import_checked(name, syspath, origin)
    return Implementation(spec, module, report)


def import_checked(name, syspath, origin):
    if syspath and syspath not in sys.path:
        sys.path.insert(0, syspath)
    module = importlib.import_module(name)
    if origin:
        where = str(Path(getattr(module, "__file__", "") or "").resolve())
        if not where.startswith(origin):
            raise ImplementationError(
                f"the package name {name!r} clashes with an installed module ({where}); rename the folder"
            )
    return module
