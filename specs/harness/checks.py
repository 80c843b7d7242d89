"""Small assertion helpers shared by the specs."""
from .messages import has_hint, hint, say


def expect_raises(exc_type, call, what):
    """call() must raise exc_type; returns the exception. Raises AssertionError (not pytest's Failed)
    otherwise, so that a check built on it can be shown to reject a wrong statement."""
    try:
        call()
    except exc_type as exc:
        return exc
    raise AssertionError(say(f"{what}: expected {exc_type.__name__}, but it returned normally",
                             f"{what}：应当抛出 {exc_type.__name__}，实际却正常返回了"))


class hinted:
    """Within it, an AssertionError gains a hint line (the usual cause of that failure, named where
    the check knows the evidence points to it), in the run's language; a message with a hint
    already keeps its own."""

    def __init__(self, en, zh):
        self.line = hint(en, zh)

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is not None and issubclass(kind, AssertionError) and exc.args and not has_hint(str(exc)):
            exc.args = (f"{exc.args[0]}{self.line}", *exc.args[1:])  # the same exception, claim and all
        return False
