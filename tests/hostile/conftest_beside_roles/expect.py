RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
MUST_NOT_EXIST = ["/var/tmp/netspecs-hostile-conftest_beside_roles.ran"]
