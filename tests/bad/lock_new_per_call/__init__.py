"""Makes a new lock for every update instead of sharing one: each thread holds its own lock, so
nothing is excluded and updates are lost as without a lock."""
import threading


def locked_add(shared, lock, amount):
    with threading.Lock():
        shared.value += amount
