RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
ARGS = ["--timeout", "6"]  # a request the thief took is never answered: the spec ends at its deadline
