RUN = ["queue.fifo"]
ATTACKED = []
HONEST = ["queue.fifo"]  # the kills are the attack; the queue is correct
