RUN = ["worker.mythread.reuses-one-thread"]
# The forged descriptions pass the specs that ask the subject which thread called; the kernel's
# per-thread CPU accounting (test_mythread_spins_every_task_on_one_thread_the_kernel_sees) does not
# take the subject's word, and shows the spinning charged to threads that ended.
ATTACKED = ["worker.mythread.reuses-one-thread"]
