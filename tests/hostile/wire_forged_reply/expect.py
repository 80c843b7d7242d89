RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
REASON = "outside the wire"
