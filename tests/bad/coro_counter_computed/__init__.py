"""The counter computed, not counted: gevent_counter returns tasks * increments and spawns no
greenlet, so the exact count says nothing about greenlets sharing data without a lock."""


def gevent_counter(tasks, increments):
    return tasks * increments
