RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
ORACLE = True
