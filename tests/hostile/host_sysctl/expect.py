RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
