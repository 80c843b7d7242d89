RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
ENV = {"SPECS_MEMORY_LIMIT_MB": "768"}  # the limit the package must be held to (it writes twice as much)
GAP = ("the subject's private /tmp is a tmpfs of half the host's RAM, outside every limit a spec has (RLIMIT_AS "
       "does not count tmpfs pages, RLIMIT_FSIZE bounds one file, the pids cgroup no memory; memory.max only on "
       "cgroup v2): a subject held 1600 MB of host memory with SPECS_MEMORY_LIMIT_MB=768 (bwrap --tmpfs /tmp "
       "has no --size)")


def GAP_WHEN():
    """Not where the subject's cgroup has a memory limit (cgroup v2 with the memory controller)."""
    try:
        with open("/proc/self/cgroup") as f:
            v1 = any(line.split(":")[1] == "pids" for line in f)
        with open("/sys/fs/cgroup/cgroup.controllers") as f:
            v2_memory = "memory" in f.read().split()
    except (OSError, IndexError):
        return True
    return v1 or not v2_memory
