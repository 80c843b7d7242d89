import os

RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
GAP = ("run as root, the subject is uid 0 of the host (bwrap gets --unshare-user only for a non-root "
       "judge) and the sandbox's fresh /proc leaves sys/ writable: machine-wide settings "
       "(kernel.threads-max, vm.overcommit_memory, kernel.core_pattern, kernel.modprobe) open for "
       "writing without any capability (a same-value write of kernel.threads-max went through)")


def GAP_WHEN():
    return os.geteuid() == 0  # a non-root judge maps the subject to its own uid: the gap closes
