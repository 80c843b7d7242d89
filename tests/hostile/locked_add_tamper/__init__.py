"""Hostile: tamper with the judge's objects handed to the role, to switch the test off.

The lock claim's spec hands locked_add a shared value that raises on read or write (its fail_on
says which), to see the lock released after an error. This locked_add does not release it on an
error (no finally: wrong on lock.released-when-update-raises) and, first, tries to disarm the
test: it writes the value's fail_on (so that nothing raises), the lock's attributes, and reads
private state (_value, __dict__). In the judge's process that would make the spec pass; through
the wire the judge must refuse every such write and read, and fail the spec, naming it.
"""


def locked_add(shared, lock, amount):
    for target, name, value in ((shared, "fail_on", "never"), (lock, "locked", None)):
        try:
            setattr(target, name, value)
        except Exception:
            pass
    for name in ("_value", "__dict__"):
        try:
            getattr(shared, name)
        except Exception:
            pass
    lock.acquire()
    shared.value = shared.value + amount  # raises with the lock held: no finally, no with
    lock.release()
