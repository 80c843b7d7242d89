"""The tutorial's mutex-protected counter update, corrected to release the lock on errors."""
__all__ = ["locked_add"]


def locked_add(shared, lock, amount):
    """Add amount to shared.value, holding lock from the read to the write (released even if either raises)."""
    with lock:
        shared.value += amount
