"""Where student code runs: the subject process, inside the sandbox.

The judge starts this file by exec, in a sandbox (see ``sandbox.py``), with the student's package
copied beside it and the wire's socket inherited. It imports the package, answers the judge's
``probe``, and then serves calls on the package's roles until the judge hangs up or kills it.
Nothing here decides anything: it only runs what the judge asks and reports what came back.

    python -I subject.py WIRE_FD PACKAGE_DIR NAME [--gevent]

This module, ``wire.py`` and ``kit.py`` (the tasks a judge hands a role) are all of the harness a
subject sees; all use the standard library only (and gevent, for --gevent).
"""
import importlib
import importlib.util
import inspect
import os
import socket
import sys
import time
import traceback


def _load_beside(file, name):
    """A module from beside this file, under a name no student module can shadow."""
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(name, os.path.join(here, file))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


wire = _load_beside("wire.py", "_netspecs_wire")
kit = _load_beside("kit.py", "_netspecs_kit")


def one_line(exc):
    if isinstance(exc, SyntaxError):
        where = f" ({os.path.basename(exc.filename or '?')}, line {exc.lineno})" if exc.filename else ""
        return f"SyntaxError: {exc.msg}{where}"
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({os.path.basename(frames[-1].filename)}, line {frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def takes_keyword(function, keyword):
    """Whether function names a parameter keyword= (a reproducer asks it too).

    Only a parameter of that name counts: the contract's optional keyword is a named one
    (serve_thread_pool(listener, workers=None)), and a **options catch-all means whatever the
    role does with it (forwarded to ThreadPoolExecutor(**options), it raises TypeError), not
    the judge's pool size. Such a role is judged as called with no keyword, as the contract's
    required signature says."""
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == keyword and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in params)


class Package:
    """The student's package, imported once; roles are its top-level names."""

    def __init__(self, directory, name):
        self.directory, self.name = directory, name
        self.module, self.error = None, None

    def load(self):
        sys.path.append(self.directory)  # last: a package named like a standard module does not shadow it
        try:
            self.module = importlib.import_module(self.name)
        except SystemExit as exc:
            self.error = f"importing it called exit({exc.code})"
            return
        except BaseException as exc:  # the student's import-time error, in one line
            self.error = "importing it failed: " + one_line(exc)
            return
        where = os.path.realpath(getattr(self.module, "__file__", "") or "")
        if not where.startswith(os.path.realpath(self.directory) + os.sep):
            self.error = f"the package name {self.name!r} clashes with an installed module; rename the folder"
            self.module = None
            return
        patched = _monkey_patched()
        if patched:
            self.error = (f"importing it monkey-patches the interpreter ({patched}); patch inside the gevent role, "
                          "not at import time, so the other roles run unpatched")

    def role(self, name):
        obj = getattr(self.module, name, None) if self.module is not None else None
        if obj is None or getattr(obj, "__specs_stub__", False):
            raise NotImplementedError(f"the package provides no role {name!r}")
        return obj

    def probe(self, roles):
        """{"error", "roles": name -> ok|missing|stub, "signature_problems": name -> why} for the
        roles the judge describes: name -> {"signature", "params", "methods": {method: params}}."""
        report = {"error": self.error, "roles": {}, "signature_problems": {}}
        if self.module is None:
            return report
        for name, role in roles.items():
            obj = getattr(self.module, name, None)
            if obj is None:
                report["roles"][name] = "missing"
                continue
            report["roles"][name] = "stub" if getattr(obj, "__specs_stub__", False) else "ok"
            missing = [m for m in role["methods"] if getattr(obj, m, None) is None]
            if missing and report["roles"][name] == "ok":
                report.setdefault("missing_methods", {})[name] = missing
            problem = _signature_problem(name, obj, role)
            if problem and report["roles"][name] == "ok":
                report["signature_problems"][name] = problem
        return report


def _signature_problem(name, obj, role):
    """Why obj cannot be called the way the specs call it, or None."""
    problem = _bind_problem(obj, role["params"], skip_self=False)
    if problem:
        return f"expected {role['signature']}, {problem}"
    for method, args in role["methods"].items():
        member = getattr(obj, method, None)
        if member is None:
            continue  # a missing method fails only the specs that call it (AttributeError, by name)
        problem = _bind_problem(member, args, skip_self=inspect.isclass(obj))
        if problem:
            return f"expected {name}.{method}({', '.join(args)}), {problem}"
    return None


def _bind_problem(func, args, skip_self):
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return None  # builtins and C types: nothing to check
    # only what every call passes: a parameter with a default ("timeout=None") is passed by the
    # specs that need it, which fail on their own if it is missing; the run goes on
    placeholders = [a for a in args if "=" not in a]
    if skip_self:
        placeholders.insert(0, "self")
    try:
        sig.bind(*placeholders)
    except TypeError:
        return f"got {getattr(func, '__name__', '?')}{sig}"
    return None


def _monkey_patched():
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None:
        return None
    patched = [m for m in ("socket", "time", "thread", "select", "os") if monkey.is_module_patched(m)]
    return "gevent patched " + ", ".join(patched) if patched else None


class Harness:
    """The few services the judge calls by name (target {"role": "$harness"})."""

    def __init__(self, package):
        self.package = package

    def probe(self, roles):
        return self.package.probe(roles)

    def preempting(self, role, *args):
        """role(*args), behind a wrapper that makes each call yield the CPU at every line of the
        package's code: a check-then-act race between two threads then shows on most runs, not
        once in thousands (the queue spec with several producers and consumers)."""
        return _Preempting(self.package.role(role)(*args), os.path.realpath(self.package.directory) + os.sep)

    def switches(self, role, *args):
        """role(*args), watched by a greenlet.settrace hook on the calling thread: {"result": what it
        returned, "started": how many greenlets were started during the call (gevent's hub aside),
        "interleaved": whether one of them was resumed after another of them had run, i.e. they
        took turns instead of each running to its end}."""
        import greenlet

        hub_type = getattr(sys.modules.get("gevent.hub"), "Hub", None)
        started, runs = [], []  # greenlets started in the call; each switch into one of them, in order

        def trace(event, args):
            if previous is not None:
                previous(event, args)
            if event in ("switch", "throw"):
                _, target = args
                if hub_type is not None and isinstance(target, hub_type):
                    return
                if target.gr_frame is None and not target.dead and all(g is not target for g in started):
                    started.append(target)  # about to run for the first time
                for number, g in enumerate(started):
                    if g is target:
                        if not runs or runs[-1] != number:
                            runs.append(number)
                        return

        previous = greenlet.settrace(trace)
        try:
            result = self.package.role(role)(*args)
        finally:
            greenlet.settrace(previous)
        interleaved = len(runs) > len(set(runs))  # a greenlet's turns were split by another's
        return {"result": result, "started": len(started), "interleaved": interleaved}

    def accepts(self, role, keyword):
        """Whether the role can be called with keyword= (the judge then chooses that number)."""
        return takes_keyword(self.package.role(role), keyword)

    def serve(self, role, listener, keywords=None):
        """Run a server role on an inherited listener, forever (until the judge kills us)."""
        sock = socket.socket(fileno=listener.fd)
        self.package.role(role)(sock, **(keywords or {}))


# A real sleep, not sleep(0): sleep(0) only lets go of the GIL, and on 3.9 the thread that let go
# mostly took it back before another thread ran (a check-then-act get() raced in 1 of 7 runs; with
# 0.1 ms, 10 of 10). A few hundred calls of ~10 lines each cost well under a second.
PREEMPT_SLEEP = 0.0001


class _Preempting:
    """Forwards method calls; during each, the calling thread sleeps (PREEMPT_SLEEP) at every line of
    code under `root`, so other threads run between any two of its lines."""

    def __init__(self, target, root):
        self._target, self._root = target, root

    def _trace(self, frame, event, arg):
        return self._at_each_line if frame.f_code.co_filename.startswith(self._root) else None

    def _at_each_line(self, frame, event, arg):
        if event == "line":
            time.sleep(PREEMPT_SLEEP)
        return self._at_each_line

    def __getattr__(self, name):
        method = getattr(self._target, name)
        if not callable(method):
            return method

        def preempted(*args, **kwargs):
            sys.settrace(self._trace)
            try:
                return method(*args, **kwargs)
            finally:
                sys.settrace(None)

        return preempted


def main(argv):
    wire_fd, directory, name = int(argv[0]), argv[1], argv[2]
    gevent = "--gevent" in argv[3:]
    if gevent:
        from gevent import monkey

        monkey.patch_all()
    sock = socket.socket(fileno=wire_fd)
    package = Package(directory, name)
    package.load() if not gevent else _load_patched(package)
    harness = Harness(package)

    services = {"$harness": harness, "$kit": kit.Kit()}

    def resolve(role):
        return services[role] if role in services else package.role(role)

    peer = wire.Peer(sock, "subject", strict=False, resolve=resolve, describe_self=wire.describe_current_thread)
    peer.send({"op": "hello", "pid": os.getpid(), "python": sys.version.split()[0]})
    peer.start()
    peer._reader.join()  # until the judge hangs up
    os._exit(0)  # threads the package left running do not keep us


def _load_patched(package):
    package.load()
    if package.error and "monkey-patches" in package.error:
        package.error = None  # the harness patched, not the package


if __name__ == "__main__":
    sys.stdout.flush()
    main(sys.argv[1:])
