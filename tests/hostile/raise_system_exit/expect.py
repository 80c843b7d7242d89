RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
REASON = "SystemExit"
