RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
REASON = "returned them as"  # the order check itself failed: the object was equal to nothing
MUST_NOT_EXIST = ["/tmp/netspecs-hostile-value-ran"]
