"""Claims as data, and the marker that ties a spec to the claims it checks."""
import contextlib
import dataclasses
import importlib
import pkgutil

import pytest

VERDICTS = ("holds", "refined", "refuted", "not-executable")
KINDS = ("behaviour", "timing", "fact")
MARKER = "claims"


@dataclasses.dataclass(frozen=True)
class Claim:
    id: str  # stable, dotted: "queue.counter.get-does-not-decrement"
    chapter: str  # the enclosing tutorial heading, to tell repeated headings apart
    section: str  # the tutorial heading, exactly as written there
    statement: str  # what is true, in our own words
    verdict: str  # holds | refined | refuted | not-executable
    kind: str = "behaviour"  # behaviour | timing | fact
    note: str = ""  # the condition, the correction, or why it cannot be executed

    def __post_init__(self):
        problems = []
        if self.verdict not in VERDICTS:
            problems.append(f"verdict {self.verdict!r} is not one of {VERDICTS}")
        if self.kind not in KINDS:
            problems.append(f"kind {self.kind!r} is not one of {KINDS}")
        if self.verdict != "holds" and not self.note.strip():
            problems.append(f"a {self.verdict!r} verdict needs a note")
        if not self.id or self.id != self.id.strip() or " " in self.id:
            problems.append("id must be a non-empty dotted name without spaces")
        if problems:
            raise ValueError(f"claim {self.id!r}: " + "; ".join(problems))

    @property
    def executable(self):
        return self.verdict != "not-executable"


class ClaimViolation(AssertionError):
    """A spec that checks several claims says which one an observation violates; only that claim
    then fails (the spec's other claims saw no counterexample)."""

    def __init__(self, claim_id, message):
        super().__init__(message)
        self.claim_id = claim_id


@contextlib.contextmanager
def violation_of(claim_id):
    """Turn an AssertionError raised inside into a ClaimViolation of claim_id."""
    try:
        yield
    except ClaimViolation:
        raise
    except AssertionError as exc:
        raise ClaimViolation(claim_id, str(exc)) from exc


def violated_claims(exc):
    """Claim ids named by ClaimViolations in exc (also inside exception groups)."""
    found, stack = [], [exc]
    while stack:
        e = stack.pop()
        if isinstance(e, ClaimViolation):
            found.append(e.claim_id)
        stack.extend(getattr(e, "exceptions", ()) or ())
    return list(dict.fromkeys(found))


def claim(*claim_ids):
    """Mark a spec (function or class) as checking these claims."""
    if not claim_ids:
        raise TypeError("claim() needs at least one claim id")
    return pytest.mark.claims(*claim_ids)


def claim_ids_of(item):
    ids = []
    for mark in item.iter_markers(MARKER):
        ids.extend(mark.args)
    return list(dict.fromkeys(ids))


def roles_of(item):
    """The roles a spec node judges: its role fixtures, and role names among its parameters (a
    fixture parametrized by role, like the server models). None of them: the node's subject is
    the Python runtime (queue.Queue, the OS, gevent), not the implementation."""
    from .contract import all_roles

    names = set(all_roles())
    used = set(getattr(item, "fixturenames", ())) & names
    params = getattr(getattr(item, "callspec", None), "params", {})
    used |= {v for v in params.values() if isinstance(v, str) and v in names}
    return sorted(used)


def load_catalogue():
    """Every claim, in tutorial order (sections order, then declaration order)."""
    from .. import catalogue

    claims = []
    for info in pkgutil.iter_modules(catalogue.__path__):
        module = importlib.import_module(f"{catalogue.__name__}.{info.name}")
        claims.extend(getattr(module, "CLAIMS", []))
    order = {key: i for i, key in enumerate(catalogue.SECTIONS)}
    seen = {}
    for c in claims:
        if c.id in seen:
            raise ValueError(f"claim id {c.id!r} is declared twice")
        if (c.chapter, c.section) not in order:
            raise ValueError(f"claim {c.id!r}: section {(c.chapter, c.section)!r} is not in specs.catalogue.SECTIONS")
        seen[c.id] = c
    position = {c.id: i for i, c in enumerate(claims)}
    return sorted(claims, key=lambda c: (order[(c.chapter, c.section)], position[c.id]))


def catalogue_by_id():
    return {c.id: c for c in load_catalogue()}
