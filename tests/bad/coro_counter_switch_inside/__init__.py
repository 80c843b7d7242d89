"""A greenlet counter that trusts "coroutines need no lock" but yields to the others in the middle
of the update: it reads the counter, sleeps(0) to be fair to the other greenlets, then writes back
what it read plus one. Every greenlet that ran meanwhile did the same from the same value, so
their increments are lost."""


def gevent_counter(tasks, increments):
    import gevent

    state = {"count": 0}

    def work():
        for _ in range(increments):
            value = state["count"]
            gevent.sleep(0)  # a switch between the read and the write
            state["count"] = value + 1

    gevent.joinall([gevent.spawn(work) for _ in range(tasks)])
    return state["count"]
