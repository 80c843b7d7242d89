RUN = ["worker.mythread.reuses-one-thread"]
ATTACKED = ["worker.mythread.reuses-one-thread"]
GAP = ("which Thread object ran a task is what the subject's stub says; the judge checks only that the named "
       "kernel thread exists: a thread per task that all name the main thread pass reuses-one-thread")
