RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
ENV = {"SPECS_MEMORY_LIMIT_MB": "768"}  # the limit the package must be held to (it writes twice as much)
