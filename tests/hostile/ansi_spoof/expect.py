RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
CLEAN_OUTPUT = True
