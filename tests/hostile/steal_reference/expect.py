RUN = ["queue.fifo", "queue.size-queries"]
ATTACKED = ["queue.fifo"]
HONEST = ["queue.size-queries-exact-single-threaded"]
