RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
ARGS = ["--timeout", "6"]
