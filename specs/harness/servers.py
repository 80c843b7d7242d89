"""Run a server role in a child process against a listener the harness bound on loopback."""
import contextlib
import functools
import os
import select
import socket
import struct
import threading
import time

import pytest

from . import wire
from .blocking import Patience
from .contract import all_roles
from .messages import say


class Connectable:
    """A server the specs connect clients to (its address, role and describe_exit)."""

    def connect(self, timeout=10.0, rcvbuf=None):
        """A client socket connected to the server; a connection the server refuses (or lets time
        out) fails the spec with how the server ended, not a bare ConnectionRefusedError."""
        from .netclient import connect

        try:
            return connect(self.address, timeout=timeout, rcvbuf=rcvbuf)
        except OSError as exc:
            raise AssertionError(say(f"{self.role}: a client could not connect ({type(exc).__name__}: {exc}); server {self.describe_exit()}",
                                     f"{self.role}：客户端无法连接（{type(exc).__name__}: {exc}）；服务器{self.describe_exit()}")) from None


class ServerHandle(Connectable):
    """A server role serving in a subject of its own: watched from outside (the process, /proc, the
    cgroup), never asked. The role's call ending (it returned or raised) ends the subject, so the
    listener closes and clients are refused, as when a server process dies."""

    def __init__(self, subject, role_name, address, listener, keywords=None):
        self.subject, self.role, self.address = subject, role_name, address
        self.keywords = keywords or {}  # what the judge chose and passed (the role accepts them)
        self.pgid = subject.pid  # the sandbox's process group: every process of the server
        self.pid = subject.main_pid()  # the process that runs serve(listener)
        self._ended = None  # how the role's call ended, once it has
        self._watcher = threading.Thread(target=self._serve, args=(listener.fileno(),), name=f"serving {role_name}", daemon=True)
        self._watcher.start()

    def _serve(self, fd):
        try:
            self.subject.harness("serve", self.role, wire.FileDescriptor(fd), self.keywords)
            self._ended = say(f"{self.role} returned (a server serves forever)", f"{self.role} 返回了（服务器应当一直服务下去）")
        except wire.PeerGone:
            self._ended = None  # the process ended: describe_exit tells how
        except BaseException as exc:
            where = _last_frame(getattr(exc, "remote_traceback", ""))
            kind = getattr(exc, 'remote_type', type(exc).__name__)
            self._ended = say(f"{self.role} raised {kind}: {exc}{where}", f"{self.role} 抛出了 {kind}：{exc}{where}")
        finally:
            self.subject.stop()

    def alive(self):
        return self._ended is None and self.subject.alive()


    def describe_exit(self):
        if self.alive():
            return say("still running", "仍在运行")
        if self._ended:
            return say(f"stopped: {self._ended}", f"已停止：{self._ended}")
        return self.subject.describe_exit()

    def cpu_seconds(self):
        """User+system CPU time of every live process of the server (read from /proc)."""
        return self.subject.cpu_seconds()

    def connection_owners(self, clients):
        """For each client socket, the pids (as the judge sees them) of the server's processes that
        hold its server-side socket, read from /proc (empty: not accepted yet). Linux only."""
        return connection_owners(self.address, clients, self.subject.processes())

    def stop(self):
        self.subject.stop()
        self._watcher.join(timeout=10)


def connection_owners(address, clients, pids):
    """For each client socket connected to the server at address, which of pids hold its
    server-side socket (/proc: the socket's inode in /proc/net/tcp, then each process's fds)."""
    table = _tcp_sockets()
    local = _endpoint(address)
    inodes = [table.get((local, _endpoint(client.getsockname()))) for client in clients]
    held = {}
    for pid in pids:
        for inode in socket_inodes(pid):
            held.setdefault(inode, set()).add(pid)
    return [held.get(inode, set()) if inode else set() for inode in inodes]


def server_side_socket(address, client_end):
    """The inode of the server's socket of the connection from client_end (the client socket's
    getsockname()) to the server at address, while a process holds it and the kernel keeps the
    connection (/proc/net/tcp; a reset or a connection closed on both sides drops it): None else."""
    return _tcp_sockets().get((_endpoint(address), _endpoint(client_end)))


def group_holds(pgid, inode):
    """Whether a live process of the group holds the socket `inode` (/proc/<pid>/fd)."""
    return any(inode in socket_inodes(pid) for pid in group_members(pgid))


def socket_inodes(pid):
    """The inodes of the sockets a process holds open (/proc/<pid>/fd); none once it is gone."""
    inodes = []
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    inodes.append(int(link[8:-1]))
    return inodes


def group_members(pgid):
    """The pids of the live processes of a process group (/proc)."""
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.getpgid(int(entry)) == pgid:
                    members.append(int(entry))
    return members


def _endpoint(address):
    """(packed IP, port): how /proc/net/tcp and a socket's own address compare."""
    host, port = address[:2]
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.inet_pton(family, host), port


def _tcp_sockets():
    """{(local endpoint, remote endpoint): socket inode} of the TCP sockets of the judge's network
    namespace, where the listener was made and so every connection it accepts lives (/proc/net)."""
    def endpoint(text):
        ip, port = text.split(":")
        words = [int(ip[i:i + 8], 16) for i in range(0, len(ip), 8)]  # each a 32-bit word in host order
        return struct.pack(f"={len(words)}I", *words), int(port, 16)

    table = {}
    for name in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            with open(f"/proc/net/{name}") as f:
                next(f)
                for line in f:
                    fields = line.split()
                    with contextlib.suppress(ValueError, IndexError):
                        if int(fields[9]):
                            table[(endpoint(fields[1]), endpoint(fields[2]))] = int(fields[9])
    return table


class FreshAfterDeath:
    """A server role for a spec whose Hypothesis examples share it: a crash belongs to the example
    that caused it. Each example ends with ``assert_still_serving()`` (a new client is still
    answered), so an example that kills the server fails itself; and once the server is dead,
    the next example gets a fresh one (a new subject and listener), so later examples, and the
    shrinking, never land on "connection refused" from an earlier death. Within one example the
    server stays the same, dead or alive: a fresh one in mid-example would hide the death."""

    PROBE = b"still serving?"

    def __init__(self, implementation, role_name, start):
        self.implementation, self.role, self._start = implementation, role_name, start
        self.handle, self.restarts = None, 0
        self._current = None
        self._example = None  # the Hypothesis example the current server was last checked in
        self._retired = False  # the next example gets a fresh server, alive or not

    def _fresh(self):
        if self._current is not None:
            self._current.__exit__(None, None, None)
            self.restarts += 1
        self._current = self._start(self.implementation, self.role)
        self.handle = self._current.__enter__()

    @property
    def address(self):
        example = _current_example()
        if self.handle is None or (example is not self._example and (self._retired or not self.handle.alive())):
            self._fresh()
            self._retired = False
        self._example = example
        return self.handle.address

    def __getattr__(self, name):  # alive, describe_exit, cpu_seconds, pid...: the current server's
        if self.handle is None:
            self._fresh()
        return getattr(self.handle, name)

    def retire(self):
        """The next example gets a fresh server: this one may be left in a state of this example's
        making (a handler stuck after a reset, in one process of a pool). This example's server is
        settled first, so a retire made before its first client does not use itself up on it."""
        self.address  # noqa: B018 (a property: it picks this example's server)
        self._retired = True

    def assert_still_serving(self, timeout=10.0):
        """A new client sends a few bytes and gets them back: the example left the server serving."""
        try:
            with socket.create_connection(self.handle.address, timeout=timeout) as probe:
                probe.sendall(self.PROBE)
                got = b""
                while len(got) < len(self.PROBE):
                    chunk = probe.recv(len(self.PROBE) - len(got))
                    if not chunk:
                        break
                    got += chunk
        except OSError as exc:
            got, how = None, f"{type(exc).__name__}: {exc}"
        else:
            how = say(f"a new client sent {self.PROBE!r} and got {got!r} back", f"新客户端发送了 {self.PROBE!r}，收回的是 {got!r}")
        if got != self.PROBE:
            raise AssertionError(say(f"{self.role}: after this example the server no longer serves a new client "
                                     f"({how}); server {self.handle.describe_exit()}",
                                     f"{self.role}：这个例子之后，服务器不再为新的客户端服务"
                                     f"（{how}）；服务器{self.handle.describe_exit()}"))

    def close(self):
        if self._current is not None:
            self._current.__exit__(None, None, None)
            self._current = None


def _current_example():
    """The Hypothesis example running (a build context, one per example), or None outside one."""
    from hypothesis.control import current_build_context
    from hypothesis.errors import InvalidArgument

    try:
        return current_build_context()
    except InvalidArgument:
        return None


def _last_frame(traceback_text):
    lines = [line.strip() for line in traceback_text.splitlines() if line.strip().startswith("File ")]
    return f" ({lines[-1]})" if lines else ""


def bound_listener(host="127.0.0.1", backlog=128, buffers=None):
    """`buffers`: the send and receive buffer size (bytes) of every connection it accepts (Linux
    gives an accepted socket its listener's, and doubles the figure): a small one makes a server's
    writes meet a full buffer after kilobytes instead of the megabytes loopback grows to."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if buffers:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, buffers)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffers)
    listener.bind((host, 0))
    listener.listen(backlog)
    return listener


@contextlib.contextmanager
def server_per_example(implementation, role_name, buffers=None):
    """``FreshAfterDeath`` around running_server; always stopped."""
    servers = FreshAfterDeath(implementation, role_name, functools.partial(running_server, buffers=buffers))
    try:
        servers.address  # started now: a missing role skips before any example runs
        yield servers
    finally:
        servers.close()


@contextlib.contextmanager
def running_server(implementation, role_name, *, host="127.0.0.1", backlog=128, choose=None, buffers=None):
    """Start `serve(listener)` of the role in a subject of its own; yield its handle; always stop it.

    The listener is bound and listening before the subject starts, so clients may connect at once
    (the kernel queues them); the subject inherits it and serves the judge's loopback through it.
    `choose`: {keyword: value} the judge passes where the role accepts that keyword (a pool's
    size); handle.keywords says which it passed. `buffers`: as bound_listener's.
    """
    role = all_roles()[role_name]
    if not implementation.provides(role_name):
        implementation.role(role_name)  # skips the spec as not implemented
    if role_name == "serve_epoll" and not hasattr(select, "epoll"):
        pytest.skip(say("serve_epoll: select.epoll exists only on Linux", "serve_epoll：select.epoll 只在 Linux 上才有"))
    listener = bound_listener(host, backlog, buffers)
    address = listener.getsockname()[:2]
    try:
        subject = implementation.start_subject(gevent=role.runs_in == "gevent", pass_fds=(listener.fileno(),))
        keywords = {k: v for k, v in (choose or {}).items() if _accepts(subject, role_name, k)}
        handle = ServerHandle(subject, role_name, address, listener, keywords)
    finally:
        listener.close()  # the subject holds it now; when the subject ends, connections are refused
    try:
        yield handle
    finally:
        handle.stop()


def _accepts(subject, role_name, keyword):
    """Asked of the subject (the judge never inspects student code itself); any trouble is a no."""
    try:
        return subject.harness("accepts", role_name, keyword, timeout=10.0) is True
    except Exception:
        return False


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
    """Poll a condition that has no event to wait on (a process's state); True if it came.
    `timeout`: seconds, or a Patience, which remembers the wait as blocking's waits on events do."""
    started = time.monotonic()
    seconds = timeout.seconds if isinstance(timeout, Patience) else timeout
    came = _poll(predicate, started + seconds, interval)
    if isinstance(timeout, Patience):
        if came:
            timeout.succeeded(time.monotonic() - started)
        else:
            timeout.miss()
    return came


def _poll(predicate, deadline, interval):
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
