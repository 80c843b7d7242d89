"""Run a server role in a child process against a listener the harness bound on loopback."""
import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
import traceback

import pytest

from specs.harness.contract import all_roles
from specs.harness.isolation import fork_quietly
from specs.harness import fresh


class ServerHandle:
    def __init__(self, address, pid, popen=None):
        self.address = address
        self.pid = pid
        self._popen = popen
        self._status = None

    def alive(self):
        if self._status is not None:
            return False
        if self._popen is not None:
            if self._popen.poll() is None:
                return True
            self._status = self._popen.returncode
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        # os.waitstatus_to_exitcode is 3.9+
        self._status = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        return False

    def describe_exit(self):
        if self.alive():
            return "still running"
        if self._status < 0:
            return f"killed by {signal.Signals(-self._status).name}"
        return f"exited with code {self._status}"

    def cpu_seconds(self):
        """User+system CPU time of every live process of the server (its whole process group)."""
        return group_cpu_seconds(self.pid)

    def stop(self):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        if self._status is None:
            if self._popen is not None:
                self._popen.wait()
            else:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(self.pid, 0)
            self._status = -signal.SIGKILL


def bound_listener(host="127.0.0.1", backlog=128):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    listener.listen(backlog)
    return listener


@contextlib.contextmanager
def running_server(implementation, role_name, *, host="127.0.0.1", backlog=128):
    """Start `serve(listener)` of the role in a child; yield its handle; always kill it after.

    The listener is bound and listening before the child starts, so clients may connect at
    once (the kernel queues them), and the child is its own process group so that pool
    servers' worker processes die with it.
    """
    role = all_roles()[role_name]
    serve = implementation.role(role_name)
    if role_name == "serve_epoll" and not hasattr(select, "epoll"):
        pytest.skip("serve_epoll: select.epoll exists only on Linux")
    listener = bound_listener(host, backlog)
    address = listener.getsockname()[:2]
    try:
        if role.runs_in == "gevent":
            handle = _start_fresh(implementation, role_name, listener, address)
        else:
            handle = _start_forked(serve, listener, address)
    finally:
        listener.close()  # the child holds it now; when the child dies, connections are refused
    try:
        yield handle
    finally:
        handle.stop()


def _start_forked(serve, listener, address):
    pid = fork_quietly()
    if pid == 0:
        code = 0
        try:
            os.setpgid(0, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)  # pytest-timeout's alarm belongs to the spec
            for sig in (signal.SIGALRM, signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            serve(listener)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    with contextlib.suppress(PermissionError, ProcessLookupError):
        os.setpgid(pid, pid)  # also from this side, so stop() never races the child's own setpgid
    return ServerHandle(address, pid)


def _start_fresh(implementation, role_name, listener, address):
    fd = listener.fileno()
    popen = subprocess.Popen(
        fresh.command("serve", implementation.spec, role_name, str(fd)),
        pass_fds=(fd,),
        start_new_session=True,
        env=fresh.environment(),
        cwd=str(fresh.PROJECT_ROOT),
    )
    return ServerHandle(address, popen.pid, popen)


def group_cpu_seconds(pgid):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the command: state ppid pgrp ... utime(12) stime(13) cutime(14) cstime(15)
        if int(fields[2]) == pgid:
            total += sum(int(x) for x in fields[11:15])
    return total / ticks


def wait_until(predicate, timeout, interval=0.01):
    """Poll a condition that has no event to wait on (a process's state); True if it came."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
