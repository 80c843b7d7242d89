RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
REASON = "Skipped"
