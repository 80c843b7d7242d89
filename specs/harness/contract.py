"""The implementation contract: the roles an implementation package may provide.

A role is a top-level attribute of the implementation package. Roles are declared beside
the claims that judge them (``ROLES`` in each ``specs.catalogue`` module); ``python -m specs
render`` writes them all into CONTRACT.md, the one place a student reads the contract.
"""
import dataclasses
import importlib
import inspect
import pkgutil

# How a role's code must be run. "fork": in a forked child of the pytest process.
# "gevent": in a fresh interpreter that is monkey-patched before the package is imported.
RUNS_IN = ("fork", "gevent")
# What a gevent role may assume, said where a student reads the contract (CONTRACT.md, the stubs).
GEVENT_ROLE_NOTE = ("Runs in a fresh interpreter that calls gevent.monkey.patch_all() before importing the package, "
                    "and is called from a greenlet that is not the main one, beside the harness's own: wait for the "
                    "greenlets it spawns (gevent.joinall, Group.join, gevent.wait([...])), not for the whole loop "
                    "(gevent.wait() without arguments fails there: only the main greenlet may wait for the whole loop).")


@dataclasses.dataclass(frozen=True)
class Role:
    name: str  # attribute name on the package, the tutorial's own name where it has one
    signature: str  # how the specs call it, e.g. "serve_iterative(listener)"
    summary: str  # what it must do, in one or two sentences
    params: tuple = ()  # positional arguments the specs pass (checked with inspect)
    methods: dict = dataclasses.field(default_factory=dict)  # method name -> its parameters, as called: ("func", "args=()")
    runs_in: str = "fork"

    def __post_init__(self):
        if self.runs_in not in RUNS_IN:
            raise ValueError(f"role {self.name!r}: runs_in must be one of {RUNS_IN}")

    def signature_problem(self, obj):
        """Why obj cannot be called the way the specs call it, or None."""
        problem = _bind_problem(obj, self.params, skip_self=False)
        if problem:
            return f"expected {self.signature}, {problem}"
        for method, args in self.methods.items():
            member = getattr(obj, method, None)
            if member is None:
                return f"expected a method {method}() on {self.name}"
            problem = _bind_problem(member, args, skip_self=inspect.isclass(obj))
            if problem:
                return f"expected {self.name}.{method}({', '.join(args)}), {problem}"
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


def all_roles():
    from .. import catalogue

    roles = {}
    for info in pkgutil.iter_modules(catalogue.__path__):
        module = importlib.import_module(f"{catalogue.__name__}.{info.name}")
        for role in getattr(module, "ROLES", []):
            if role.name in roles:
                raise ValueError(f"role {role.name!r} is declared twice")
            roles[role.name] = role
    return roles


def server_roles():
    """Names of the server roles (those called as `serve(listener)`), in declaration order."""
    return [name for name, role in all_roles().items() if role.params == ("listener",)]
