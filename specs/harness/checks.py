"""Small assertion helpers shared by the specs."""


def expect_raises(exc_type, call, what):
    """call() must raise exc_type; returns the exception. Raises AssertionError (not pytest's Failed)
    otherwise, so that a check built on it can be shown to reject a wrong statement."""
    try:
        call()
    except exc_type as exc:
        return exc
    raise AssertionError(f"{what}: expected {exc_type.__name__}, but it returned normally")
