RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
REASON = "UnsatisfiedAssumption"
