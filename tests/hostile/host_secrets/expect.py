import os

RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
GAP = ("run as root, the subject is uid 0 of the host (no user namespace): files only root may read "
       "(/etc/shadow, /etc/gshadow, ssh host keys) are readable through the read-only view of /")


def GAP_WHEN():
    return os.geteuid() == 0  # a non-root judge maps the subject to its own uid: the gap closes
