"""Small assertion helpers shared by the specs."""


def expect_raises(exc_type, call, what):
    """call() must raise exc_type; returns the exception. Raises AssertionError (not pytest's Failed)
    otherwise, so that a check built on it can be shown to reject a wrong statement."""
    try:
        call()
    except exc_type as exc:
        return exc
    raise AssertionError(f"{what}: expected {exc_type.__name__}, but it returned normally")


class hinted:
    """Within it, an AssertionError gains the line "hint: <hint>" (the usual cause of that failure,
    named where the check knows the evidence points to it); a message with a hint already keeps it."""

    def __init__(self, hint):
        self.hint = hint

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is not None and issubclass(kind, AssertionError) and exc.args and "\nhint: " not in str(exc):
            exc.args = (f"{exc.args[0]}\nhint: {self.hint}", *exc.args[1:])  # the same exception, claim and all
        return False
