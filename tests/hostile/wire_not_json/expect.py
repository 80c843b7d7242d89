RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
REASON = "outside the wire"
MUST_NOT_EXIST = ["/tmp/netspecs-hostile-pickle-ran"]
