RUN = ["queue.fifo"]
ATTACKED = []
HONEST = ["queue.fifo"]  # the daemon is the attack; the queue is correct
