"""A TaskProcess whose run() forks once more and waits, "so a crash in the task cannot take the
process down": the task runs in a grandchild. p.pid names the waiting parent, so SIGSTOP and
SIGKILL sent to p.pid reach a process that does no work, while the task goes on."""
import multiprocessing
import os


class TaskProcess(multiprocessing.Process):
    def __init__(self, func, args=(), **process_kwargs):
        super().__init__(**process_kwargs)
        self.func, self.func_args = func, tuple(args)

    def run(self):
        child = os.fork()
        if child == 0:
            try:
                self.func(*self.func_args)
            finally:
                os._exit(0)
        os.waitpid(child, 0)
