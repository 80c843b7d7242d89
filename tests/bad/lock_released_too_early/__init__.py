"""Holds the lock only while reading: the value is read under the lock, but written back after
the lock was released, so another thread can update in between and that update is lost."""


def locked_add(shared, lock, amount):
    with lock:
        value = shared.value
    shared.value = value + amount
