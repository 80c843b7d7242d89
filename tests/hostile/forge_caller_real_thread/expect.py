RUN = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.reuses-one-thread"]
ATTACKED = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.reuses-one-thread"]
