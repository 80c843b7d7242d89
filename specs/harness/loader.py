"""Find and vet the implementation under test, without ever importing it here.

The package is copied into a private run folder and probed in a sandboxed subject
(``sandbox.Subject``): an import that crashes, hangs, exits or monkey-patches the interpreter, and
a role whose signature the specs cannot call, stop the run with one line. The judge keeps only the
probe's plain-data answer.

A spec reaches a role through ``Implementation.role(name)``. Roles in ``WIRE_ROLES`` are proxies
for the role in a subject started for the spec (and stopped with it); the others still run in the
spec's forked child, which imports the package only when such a role is first asked for there.
"""
import contextlib
import importlib
import importlib.util
import os
from pathlib import Path

import pytest

from . import layout, messages

REFERENCE = layout.REFERENCE  # None in the student edition
NOT_IMPLEMENTED = "not implemented:"
PROBE_TIMEOUT = 60.0


class ImplementationError(Exception):
    """The user's --impl cannot be used; the message is one line for the user."""


def resolve(spec):
    """Map an --impl value to (import name, directory to put on sys.path or None, origin path or None)."""
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


def source_of(spec):
    """(import name, the file or folder to copy) of an --impl value; a module name is found on
    sys.path without being imported."""
    name, _, origin = resolve(spec)
    if origin:
        return name, Path(origin)
    if "." in name:
        raise ImplementationError(f"--impl {spec}: give a top-level package (a folder path or a module name without dots)")
    found = importlib.util.find_spec(name)
    if found is None or not found.origin or found.origin in ("built-in", "frozen"):
        raise ImplementationError(f"--impl {spec}: no module named {name!r}")
    origin = Path(found.origin)
    return name, origin.parent if origin.name == "__init__.py" else origin


def role_descriptions():
    """What the probe checks of each role: how the specs call it."""
    from .contract import all_roles

    return {name: {"signature": role.signature, "params": list(role.params),
                   "methods": {m: list(args) for m, args in role.methods.items()}}
            for name, role in all_roles().items()}


def probe(package, spec, timeout=PROBE_TIMEOUT):
    """Import the package in a subject; return its role report (plain data)."""
    from . import sandbox, wire

    try:
        with sandbox.subject(package, start_timeout=timeout) as subject:
            report = subject.harness("probe", role_descriptions(), timeout=timeout)
    except sandbox.SubjectFailed as exc:
        raise ImplementationError(f"--impl {spec}: {_first_line(exc)}") from None
    except TimeoutError:
        raise ImplementationError(f"--impl {spec}: the probe did not answer within {timeout:.0f} s") from None
    except AssertionError as exc:  # the wire broke during the probe
        raise ImplementationError(f"--impl {spec}: probing it failed: {_first_line(exc)}") from None
    if not isinstance(report, dict) or not isinstance(report.get("roles"), dict):
        raise ImplementationError(f"--impl {spec}: probing it gave no report")
    if report.get("error"):
        raise ImplementationError(f"--impl {spec}: {wire.printable(str(report['error']))}")
    problems = report.get("signature_problems")
    if isinstance(problems, dict):
        report["signature_problems"] = {wire.printable(str(k)): wire.printable(str(v)) for k, v in problems.items()}
    return report


def _first_line(exc):
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    tail = [line for line in text.splitlines()[1:] if line.strip() and not line.startswith("---")]
    return f"{first}: {tail[-1].strip()}" if tail else first


class Implementation:
    def __init__(self, spec, name, source, package, probe_report):
        self.spec = spec  # the user's --impl
        self.name = name
        self.origin = str(source)
        self.package = package  # sandbox.Package: the private copy subjects run
        self.roles = {n: s for n, s in probe_report["roles"].items() if isinstance(s, str)}  # ok | missing | stub
        self._subjects = []

    @property
    def containment(self):
        from . import sandbox

        return sandbox.containment()

    def provides(self, role_name):
        return self.roles.get(role_name) == "ok"

    def role(self, role_name):
        """The role: a proxy to it in the spec's subject (the package never runs here). A missing
        or stubbed role skips the spec as not implemented."""
        if not self.provides(role_name):
            pytest.skip(self.missing_reason(role_name))
        return self.subject().role(role_name)

    def missing_reason(self, role_name):
        """Why a spec of a role the package lacks is not implemented, in the run's language."""
        return NOT_IMPLEMENTED + " " + messages.text("reason.no_role", messages.reason_lang(), name=self.name, role=repr(role_name))

    def subject(self):
        """The subject of the running spec, started on first use; `end_of_spec` stops it."""
        if not self._subjects:
            self._subjects.append(self.start_subject())
        return self._subjects[0]

    def start_subject(self, **options):
        """A fresh subject of its own (a server, a gevent role); stopped with the spec's."""
        from . import sandbox

        started = sandbox.Subject(self.package, **options)
        self._subjects.append(started)
        return started

    @contextlib.contextmanager
    def example_subject(self, **options):
        """A subject for one Hypothesis example, stopped when the example ends: what the roles
        leave running in it (consumers that serve forever) ends with it, so nothing piles up over
        the hundreds of examples of a deep run."""
        started = self.start_subject(**options)
        try:
            yield started
        finally:
            started.stop()
            self._subjects.remove(started)

    def end_of_spec(self):
        while self._subjects:
            self._subjects.pop().stop()


def load(spec):
    """Copy and probe the implementation. Raises ImplementationError with one line."""
    from . import sandbox

    name, source = source_of(spec)
    try:
        package = sandbox.Package(source, name)
    except sandbox.SubjectFailed as exc:
        raise ImplementationError(f"--impl {spec}: {exc}") from None
    report = probe(package, spec)
    problems = report.get("signature_problems") or {}
    bad = [f"role {n!r} has the wrong signature: {why}" for n, why in problems.items()]
    if bad:
        raise ImplementationError(f"--impl {spec}: " + "; ".join(bad))
    return Implementation(spec, name, source, package, report)
