RUN = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.reuses-one-thread"]
ATTACKED = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.reuses-one-thread"]
GAP = ("the judge checks that a caller description names an OS thread the subject has (its tid, against /proc), "
       "not that this thread made the request: a description forged at import that names the main thread's real "
       "tid makes tasks run inline on the submitting thread pass starts-itself-as-daemon and reuses-one-thread")
