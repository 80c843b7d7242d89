RUN = ["queue.fifo"]
ATTACKED = []
HONEST = ["queue.fifo"]  # the flood is the attack; the queue is correct
