"""locked_add with a 'safety' timeout on acquire: never deadlocks... and after 0.2 s of
contention updates the value without the lock."""


def locked_add(shared, lock, amount):
    got = lock.acquire(timeout=0.2)  # don't hang forever if something goes wrong
    try:
        shared.value += amount
    finally:
        if got:
            lock.release()
