"""The counter update without the lock (the tutorial's program before 互斥锁): the read and the
write of the shared value are separate steps, and another thread's write between them is lost."""


def locked_add(shared, lock, amount):
    shared.value += amount
