"""Greenlets spawned, but the gevent.sleep(0) between increments forgotten: each greenlet runs all
its increments before the next starts, so they never take turns and the exact count is trivial
(the claim is about greenlets that switch between updates yet lose none)."""


def gevent_counter(tasks, increments):
    import gevent

    count = 0

    def work():
        nonlocal count
        for _ in range(increments):
            count += 1  # and no gevent.sleep(0): nothing ever switches

    gevent.joinall([gevent.spawn(work) for _ in range(tasks)], raise_error=True)
    return count
