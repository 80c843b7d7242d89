RUN = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.reuses-one-thread"]
ATTACKED = ["worker.mythread.starts-itself-as-daemon", "worker.mythread.reuses-one-thread"]
GAP = ("the judge believes the caller description the subject writes into every request (the wire's 'caller' "
       "field: thread, daemon, harness): replacing the stub's describe_current_thread at import makes tasks run "
       "inline on the submitting thread pass starts-itself-as-daemon and reuses-one-thread")
