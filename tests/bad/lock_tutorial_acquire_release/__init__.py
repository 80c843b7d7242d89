"""The tutorial's own style: lock.acquire(), update, lock.release(), with no try/finally. Exact
while nothing raises; when the update raises, the release is skipped and the lock stays held."""


def locked_add(shared, lock, amount):
    lock.acquire()
    shared.value += amount
    lock.release()
