RUN = ["queue.fifo"]
ATTACKED = []
STOPS = "outside the wire"
