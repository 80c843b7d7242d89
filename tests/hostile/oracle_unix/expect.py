RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
ORACLE = True
GAP = ("the sandbox leaves the host's unix-domain sockets reachable: --unshare-net isolates the network "
       "namespace only, and connect() to a socket file on the read-only view of / still works (here "
       "/var/tmp/netspecs-hostile-oracle_unix.sock; any socket outside the hidden folders, /run's included): a "
       "helper outside the sandbox answered, and a stack passed queue.fifo")
