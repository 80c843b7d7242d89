RUN = ["queue.fifo", "queue.size-queries"]
ATTACKED = ["queue.fifo"]
HONEST = ["queue.size-queries-exact-single-threaded"]  # a stack's sizes are right: judged as usual
