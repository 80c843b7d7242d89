RUN = ["queue.fifo", "queue.size-queries"]
ATTACKED = []
HONEST = ["queue.fifo", "queue.size-queries-exact-single-threaded"]  # the kills are the attack; the queue is correct
