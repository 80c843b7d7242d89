RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
REPORT = "/tmp/netspecs-hostile-forge_report.json"  # the package knows it
