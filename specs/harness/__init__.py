"""The plumbing every spec shares: claims, roles, servers, blocking and timing helpers.

Specs import from here; nothing in here knows about a particular tutorial section.
"""
from .claims import ClaimViolation, claim, violation_of  # noqa: F401
