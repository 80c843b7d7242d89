"""The wire between the judge and a subject: everything that crosses the sandbox wall.

A message is a 4-byte big-endian length, then that many bytes of UTF-8 JSON: one object with an
``op`` and only the fields that op allows. Nothing is pickled. A value in a message is plain data
(None, bools, numbers, strings, lists; tuples, dicts, bytes and sets tagged, see ``Codec``) or a
*reference*: an object stays on the side that owns it, and the other side holds a ``Proxy`` whose
calls, attribute reads and writes travel as messages.

Both ends run a ``Peer``. A thread that sends a call waits for its reply, and while it waits it
carries out the calls the other side makes *within* that call (a callback into the judge from the
role the judge called runs in the judge thread that called: a schedule explorer sees the same
thread it started). Calls from threads the other side started on its own run in a fresh thread.

The judge's peer is strict (``Peer(..., strict=True)``): a message over ``MAX_MESSAGE``, more than
``MAX_TOTAL`` between two requests of its own, bad JSON, an unknown op or field, a reference it never gave out, a private
attribute, a write to an attribute its object does not declare settable (``__wire_settable__``)
all end the conversation with a ``WireViolation`` that names what was attempted. Exceptions come
back as their type's name and message and are raised again only as known, harmless types.

This module imports nothing but the standard library: the subject loads it from a copy.
"""
import base64
import builtins
import itertools
import json
import os
import queue
import re
import socket
import struct
import threading
import traceback
import weakref

MAX_MESSAGE = 1 << 20  # bytes of one message
# bytes one peer accepts between two requests of its own (the judge's side of one subject): a
# subject that floods inside one call is stopped, while a spec's hundreds of examples, each a few
# requests, may exchange any amount in all over the subject's life
MAX_TOTAL = 16 << 20
MAX_DEPTH = 64  # nesting of a value
_HEADER = struct.Struct("!I")

# op -> (required fields, optional fields)
OPS = {
    "hello": ({"op", "pid", "python"}, set()),
    "call": ({"op", "id", "target", "args", "kwargs"}, {"attr", "within", "caller"}),
    "get": ({"op", "id", "target", "name"}, {"within", "caller"}),
    "set": ({"op", "id", "target", "name", "value"}, {"within", "caller"}),
    "reply": ({"op", "id"}, {"value", "error"}),
    "release": ({"op", "refs"}, set()),
}
# dunder names a proxy forwards (Python looks them up on the type, so Proxy defines each)
SPECIAL = ("__call__", "__enter__", "__exit__", "__len__", "__iter__", "__next__", "__getitem__",
           "__setitem__", "__contains__")


class WireError(Exception):
    """The wire cannot be used any more (closed, or broken by the other side)."""


class WireViolation(WireError, AssertionError):
    """The subject sent something the protocol does not allow. An AssertionError: the spec fails."""

    def __init__(self, what):
        super().__init__(f"the subject wrote outside the wire: {what}")


class PeerGone(WireError, AssertionError):
    """The other side closed the wire (the subject process ended) while a call was waiting."""


class RemoteError(Exception):
    """An exception of a type that is not re-created on this side; its type name is kept."""

    def __init__(self, type_name, message):
        super().__init__(f"{type_name}: {message}" if message else type_name)
        self.remote_type = type_name


# ---- framing ----


def send_message(sock, message, lock=None):
    data = json.dumps(message, separators=(",", ":"), allow_nan=True).encode()
    if len(data) > MAX_MESSAGE:
        raise WireError(f"message of {len(data)} bytes is over the limit of {MAX_MESSAGE}")
    frame = _HEADER.pack(len(data)) + data
    if lock is None:
        sock.sendall(frame)
    else:
        with lock:
            sock.sendall(frame)


def _read_exactly(sock, n):
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 16))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_message(sock):
    """The next message as a dict, or None at a clean end of the stream. Checks size, JSON and the
    op's fields; raises WireViolation otherwise."""
    header = _read_exactly(sock, _HEADER.size)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    if length > MAX_MESSAGE:
        raise WireViolation(f"a message of {length} bytes (the limit is {MAX_MESSAGE})")
    data = _read_exactly(sock, length)
    if data is None:
        raise WireViolation("a message cut short")
    try:
        message = json.loads(data.decode())
    except (ValueError, RecursionError) as exc:
        raise WireViolation(f"a message that is not JSON ({type(exc).__name__})") from None
    check_fields(message)
    return message, _HEADER.size + length


def check_fields(message):
    if not isinstance(message, dict) or not isinstance(message.get("op"), str):
        raise WireViolation("a message without an op")
    fields = OPS.get(message["op"])
    if fields is None:
        raise WireViolation(f"an unknown op {message['op'][:40]!r}")
    required, optional = fields
    keys = set(message)
    if not required <= keys:
        raise WireViolation(f"a {message['op']!r} message without {sorted(required - keys)}")
    if keys - required - optional:
        raise WireViolation(f"a {message['op']!r} message with unknown fields {sorted(keys - required - optional)[:5]}")
    if "id" in message and not (type(message["id"]) is int and message["id"] > 0):
        raise WireViolation(f"a {message['op']!r} message with a bad id")


# ---- values ----


class Codec:
    """Plain data by value, everything else by reference to an object kept by its owner."""

    def __init__(self, side, peer):
        self.side, self.peer = side, peer
        self.exports = {}  # ref -> object given to the other side
        self._ref_of = {}  # id(object) -> ref (the same object keeps its ref)
        self._refs = itertools.count(1)
        self._lock = threading.Lock()

    def export(self, obj):
        with self._lock:
            ref = self._ref_of.get(id(obj))
            if ref is None or self.exports.get(ref) is not obj:
                ref = next(self._refs)
                self.exports[ref] = obj
                self._ref_of[id(obj)] = ref
        return ref

    def encode(self, value, depth=0):
        if depth > MAX_DEPTH:
            raise WireError("a value nested too deeply")
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, (int, float)) and type(value) in (int, float, bool):
            return value
        if isinstance(value, list) and type(value) is list:
            return [self.encode(v, depth + 1) for v in value]
        if type(value) is tuple:
            return {"$tuple": [self.encode(v, depth + 1) for v in value]}
        if type(value) is dict:
            return {"$dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]}
        if type(value) in (bytes, bytearray):
            return {"$bytes": base64.b64encode(bytes(value)).decode()}
        if type(value) in (set, frozenset):
            return {"$set": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, Proxy) and object.__getattribute__(value, "_peer") is self.peer:
            target = object.__getattribute__(value, "_target")
            if "$ref" not in target:
                raise WireError(f"a role ({target.get('role')}) cannot be passed as a value; pass what it returned")
            return {"$ref": target["$ref"], "owner": self._other()}
        if isinstance(value, FileDescriptor):
            return {"$fd": value.fd}
        kind = type(value)
        described = _DESCRIBED.get(kind)
        if described is None:
            methods = sorted(name for name in dir(kind) if not name.startswith("_") and callable(getattr(kind, name, None)))
            described = _DESCRIBED[kind] = (_type_name(kind), methods + [name for name in SPECIAL if hasattr(kind, name)])
        return {"$ref": self.export(value), "owner": self.side, "type": described[0], "methods": described[1]}

    def decode(self, value, depth=0):
        if depth > MAX_DEPTH:
            raise WireViolation("a value nested too deeply")
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [self.decode(v, depth + 1) for v in value]
        if not isinstance(value, dict) or len(value) == 0:
            raise WireViolation("a value that is not plain data")
        if "$ref" in value:
            return self._decode_ref(value)
        if len(value) != 1:
            raise WireViolation(f"an unknown value tag {sorted(value)[:3]}")
        (tag, body), = value.items()
        if tag == "$tuple" and isinstance(body, list):
            return tuple(self.decode(v, depth + 1) for v in body)
        if tag == "$dict" and isinstance(body, list) and all(isinstance(p, list) and len(p) == 2 for p in body):
            try:
                return {self.decode(k, depth + 1): self.decode(v, depth + 1) for k, v in body}
            except TypeError:
                raise WireViolation("a dict with an unhashable key") from None
        if tag == "$bytes" and isinstance(body, str):
            try:
                return base64.b64decode(body.encode(), validate=True)
            except ValueError:
                raise WireViolation("bytes that are not base64") from None
        if tag == "$set" and isinstance(body, list):
            try:
                return {self.decode(v, depth + 1) for v in body}
            except TypeError:
                raise WireViolation("a set with an unhashable item") from None
        if tag == "$fd" and self.side == "subject" and type(body) is int:
            return FileDescriptor(body)
        raise WireViolation(f"an unknown value tag {tag[:20]!r}")

    def _decode_ref(self, value):
        ref, owner = value.get("$ref"), value.get("owner")
        if type(ref) is not int:
            raise WireViolation("a reference that is not a number")
        if owner == self.side:
            if set(value) != {"$ref", "owner"} or ref not in self.exports:
                raise WireViolation(f"a reference {ref} that was never given out")
            return self.exports[ref]
        if owner != self._other() or set(value) != {"$ref", "owner", "type", "methods"}:
            raise WireViolation("a malformed reference")
        type_name, methods = value["type"], value["methods"]
        if not isinstance(type_name, str) or not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
            raise WireViolation("a malformed reference")
        return Proxy(self.peer, {"$ref": ref}, type_name[:200], frozenset(methods))

    def _other(self):
        return "subject" if self.side == "judge" else "judge"

    # -- exceptions --

    def encode_error(self, exc):
        args = []
        for arg in exc.args[:4]:
            if arg is None or isinstance(arg, (bool, int, float, str)):
                args.append(arg if not isinstance(arg, str) else arg[:2000])
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        # the names of its base classes too: an exception of the package's own subclass of a known
        # type (class QueueFull(queue.Full)) is re-created as that known type, as `except` would catch it
        bases = [_type_name(kind) for kind in type(exc).__mro__[1:]][:16]
        return {"$dict": [["type", _type_name(type(exc))], ["message", str(exc)[:4000]], ["args", args], ["traceback", tb[-6000:]],
                          ["bases", bases]]}

    def decode_error(self, value):
        error = self.decode(value)
        if not isinstance(error, dict) or not isinstance(error.get("type"), str):
            raise WireViolation("a malformed error")
        # the subject's words reach a terminal: its control characters are shown, never obeyed
        type_name, message = printable(error["type"][:200]), printable(str(error.get("message", ""))[:4000])
        cls = known_exception(type_name)
        bases = error.get("bases") if isinstance(error.get("bases"), list) else []
        for base in bases[:16]:  # nearest first; never as wide as Exception itself
            if cls is not None or not isinstance(base, str) or base in ("Exception", "BaseException", "object"):
                break
            cls = known_exception(base[:200])
        exc = None
        if cls is not None:
            args = error.get("args") if isinstance(error.get("args"), list) else []
            args = [printable(a) if isinstance(a, str) else a for a in args]
            for attempt in (args, [message]):
                try:
                    exc = cls(*attempt)
                    break
                except Exception:
                    continue
        if exc is None:
            exc = RemoteError(type_name, message)
        exc.remote_type = type_name
        exc.remote_traceback = printable(str(error.get("traceback", ""))[-6000:])
        return exc


def printable(text):
    """`text` with every control character but newline and tab, and every bidirectional override,
    written as an escape (``\\x1b``): what a subject says can be read, not executed by a terminal.
    A line that would start as a reason's hint does (``hint: ...``) has its colon escaped too: the
    hint a report shows is the judge's, never one a subject wrote into its error message."""
    return _FORGED_HINT.sub(lambda match: match.group(1) + _escape(match), _UNPRINTABLE.sub(_escape, text))


def _escape(match):
    code = ord(match.group(match.lastindex or 0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORGED_HINT = re.compile("(?m)^(hint|提示)([:：])")  # how messages.HINT_MARKS start a line (a test checks both)


_DESCRIBED = weakref.WeakKeyDictionary()  # type -> (name, callable attributes): dir() is slow


class _PlainCodec(Codec):
    """Plain data only: for a result that crosses as one JSON document, with no peer to keep
    references (a fresh interpreter's answer)."""

    def __init__(self, side):
        super().__init__(side, None)

    def export(self, obj):
        raise WireError(f"a {_type_name(type(obj))} is not plain data")


def dumps(value, side="subject"):
    """One value (or an exception, as {"error": ...}) as JSON bytes: what a fresh interpreter answers."""
    codec = _PlainCodec(side)
    if isinstance(value, BaseException):
        return json.dumps({"error": codec.encode_error(value)}).encode()
    return json.dumps({"value": codec.encode(value)}).encode()


def loads(data, side="judge"):
    """The value `dumps` wrote; raises the exception it carried (known types only, see decode_error),
    or WireViolation when the bytes are not such a document."""
    if len(data) > MAX_TOTAL:
        raise WireViolation(f"an answer of {len(data)} bytes (the limit is {MAX_TOTAL})")
    try:
        document = json.loads(data.decode())
    except (ValueError, RecursionError) as exc:
        raise WireViolation(f"an answer that is not JSON ({type(exc).__name__})") from None
    if not isinstance(document, dict) or len(document) != 1 or not ({"value", "error"} & set(document)):
        raise WireViolation("an answer that is neither a value nor an error")
    codec = _PlainCodec(side)
    if "error" in document:
        raise codec.decode_error(document["error"])
    return codec.decode(document["value"])


class FileDescriptor:
    """A file descriptor the subject inherited at exec (a listener): sent as its number."""

    def __init__(self, fd):
        self.fd = fd


def _type_name(kind):
    module = getattr(kind, "__module__", "") or ""
    name = getattr(kind, "__qualname__", getattr(kind, "__name__", "?"))
    return name if module == "builtins" else f"{module}.{name}"


_NEVER_RECREATED = {"SystemExit", "KeyboardInterrupt", "GeneratorExit"}


def known_exception(type_name):
    """The exception class to raise again on this side for a type name, or None."""
    import queue as queue_module

    extra = {"queue.Full": queue_module.Full, "queue.Empty": queue_module.Empty, "_queue.Empty": queue_module.Empty,
             "threading.BrokenBarrierError": threading.BrokenBarrierError, "socket.timeout": socket.timeout}
    if type_name in extra:
        return extra[type_name]
    cls = getattr(builtins, type_name, None)
    if isinstance(cls, type) and issubclass(cls, Exception) and type_name not in _NEVER_RECREATED:
        return cls
    return None


# ---- proxies ----


class Proxy:
    """An object of the other side. Method calls, attribute reads and writes become messages."""

    __slots__ = ("_peer", "_target", "_type", "_methods", "__weakref__")

    def __init__(self, peer, target, type_name, methods=frozenset()):
        object.__setattr__(self, "_peer", peer)
        object.__setattr__(self, "_target", target)  # {"$ref": n}, or {"role": name} for a role of the subject
        object.__setattr__(self, "_type", type_name)
        object.__setattr__(self, "_methods", methods)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._methods:
            return _Method(self, name)
        try:
            return self._peer.request({"op": "get", "target": self._target, "name": name})
        except AttributeError:
            raise AttributeError(f"{self._type} has no attribute {name!r} (a missing method {name}()?)") from None

    def __setattr__(self, name, value):
        self._peer.request({"op": "set", "target": self._target, "name": name, "value": value})

    def __repr__(self):
        return f"<{self._type} of the {self._peer.other}>"

    def _invoke(self, attr, args, kwargs):
        message = {"op": "call", "target": self._target, "args": list(args), "kwargs": dict(kwargs)}
        if attr is not None:
            message["attr"] = attr
        return self._peer.request(message)

    def __call__(self, *args, **kwargs):
        return self._invoke(None, args, kwargs)

    def __enter__(self):
        return self._invoke("__enter__", (), {})

    def __exit__(self, kind, value, tb):
        # the exception itself stays here; its type name is enough for a context manager to see one
        return self._invoke("__exit__", (None, None, None) if kind is None else (_type_name(kind), str(value), None), {})

    def __bool__(self):
        return True  # an object is true unless it says otherwise; never a round trip to __len__

    def __len__(self):
        return self._invoke("__len__", (), {})

    def __iter__(self):
        return self._invoke("__iter__", (), {})

    def __next__(self):
        return self._invoke("__next__", (), {})

    def __getitem__(self, key):
        return self._invoke("__getitem__", (key,), {})

    def __setitem__(self, key, value):
        return self._invoke("__setitem__", (key, value), {})

    def __contains__(self, item):
        return self._invoke("__contains__", (item,), {})


class _Method:
    __slots__ = ("proxy", "name")

    def __init__(self, proxy, name):
        self.proxy, self.name = proxy, name

    def __call__(self, *args, **kwargs):
        return self.proxy._invoke(self.name, args, kwargs)

    def __repr__(self):
        return f"<method {self.name} of {self.proxy!r}>"


def proxy_type(proxy):
    """The type name of the object a proxy stands for ("queue.Queue", "impl.queues.MyQueue")."""
    return object.__getattribute__(proxy, "_type")


# ---- the peer ----

_CALLER = threading.local()
_HARNESS_THREAD = threading.local()


def caller():
    """In the judge, while it runs a call the subject made: who made it (pid, thread, thread_name,
    ident, native_id, daemon, harness: a thread of the wire itself, as the subject reports them);
    else None."""
    stack = getattr(_CALLER, "stack", None)
    return stack[-1] if stack else None


class Peer:
    """One end of a wire. side: "judge" or "subject". resolve(target) gives the object a call from
    the other side names with {"role": ...} (the subject's roles); strict: see the module doc."""

    def __init__(self, sock, side, *, strict, resolve=None, describe_self=None, explain_end=None, check_caller=None):
        self.sock, self.side, self.strict = sock, side, strict
        self._check_caller = check_caller  # (tid) -> whether the other side has that OS thread, seen from outside
        self.other = "subject" if side == "judge" else "judge"
        self.codec = Codec(side, self)
        self._resolve = resolve
        self._describe_self = describe_self  # () -> plain dict sent with every request (the subject's caller info)
        self._explain_end = explain_end  # () -> why the other side went away (how its process ended)
        self._send_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._waiting = {}  # my request id -> mailbox of the thread waiting for its reply
        self._running = threading.local()  # .stack: ids of the other side's requests this thread is carrying out
        self.received = 0  # bytes read since this side last sent a request
        self.failure = None  # the WireError that ended the wire, once it has ended
        self._idle = queue.SimpleQueue()  # inboxes of worker threads waiting for a request
        self._reader = None

    def start(self):
        self._reader = threading.Thread(target=self._read_loop, name=f"wire reader ({self.side})", daemon=True)
        self._reader.start()
        return self

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    # -- sending --

    def send(self, message):
        send_message(self.sock, message, self._send_lock)

    def request(self, message, timeout=None):
        """Send a call/get/set, wait for its reply; meanwhile carry out the other side's requests
        made within it. Returns the decoded value or raises the decoded error."""
        if self.failure is not None:
            raise self.failure
        request_id = next(self._ids)
        mailbox = queue.SimpleQueue()
        self._waiting[request_id] = mailbox
        message = dict(message, id=request_id)
        for field in ("args",):
            if field in message:
                message[field] = [self.codec.encode(v) for v in message[field]]
        if "kwargs" in message:
            message["kwargs"] = {str(k): self.codec.encode(v) for k, v in message["kwargs"].items()}
        if "value" in message:
            message["value"] = self.codec.encode(message["value"])
        within = self._current()
        if within is not None:
            message["within"] = within
        self.received = 0  # the other side's budget starts again with each request of ours
        if self._describe_self is not None:
            message["caller"] = self._describe_self()
        try:
            try:
                self.send(message)
            except OSError as exc:
                raise self._end(PeerGone(f"the {self.other} is gone ({exc})")) from None
            while True:
                try:
                    kind, body = mailbox.get(timeout=1.0 if timeout is None else timeout)
                except queue.Empty:
                    if self.failure is not None:
                        raise self.failure from None
                    if timeout is not None:
                        raise TimeoutError(f"no reply from the {self.other} within {timeout} s") from None
                    continue
                if kind == "reply":
                    if "error" in body:
                        raise self.codec.decode_error(body["error"])
                    return self.codec.decode(body.get("value"))
                if kind == "request":
                    self._carry_out(body)
                else:  # "ended"
                    raise self.failure
        finally:
            self._waiting.pop(request_id, None)

    def _current(self):
        stack = getattr(self._running, "stack", None)
        return stack[-1] if stack else None

    # -- receiving --

    def _read_loop(self):
        try:
            while True:
                got = read_message(self.sock)
                if got is None:
                    self._end(PeerGone(f"the {self.other} closed the wire"))
                    return
                message, size = got
                self.received += size
                if self.strict and self.received > MAX_TOTAL:
                    raise WireViolation(f"more than {MAX_TOTAL} bytes in a row, with no request of the judge's between")
                self._dispatch(message)
        except WireError as exc:
            self._end(exc)
        except OSError as exc:
            self._end(PeerGone(f"the {self.other} is gone ({exc})"))

    def _dispatch(self, message):
        op = message["op"]
        if op == "reply":
            mailbox = self._waiting.get(message["id"])
            if mailbox is not None:
                mailbox.put(("reply", message))
            elif self.strict:
                raise WireViolation(f"a reply to {message['id']}, which was never asked")
        elif op in ("call", "get", "set"):
            mailbox = self._waiting.get(message.get("within"))
            if mailbox is not None:
                mailbox.put(("request", message))
            else:
                self._hand_to_a_worker(message)
        elif op == "release":
            pass  # objects live as long as the subject; nothing to free early
        else:
            raise WireViolation(f"an unexpected {op!r} message")

    def _hand_to_a_worker(self, message):
        """Carry out a request in a thread of its own: an idle one if there is one (a thread start
        costs more than a round trip), else a new one."""
        try:
            self._idle.get_nowait().put(message)
        except queue.Empty:
            inbox = queue.SimpleQueue()
            inbox.put(message)
            # not daemon in the subject: a thread a role starts inherits daemon=False, as it would
            # from a program's main thread (the subject leaves through os._exit, never joining them)
            threading.Thread(target=self._work, args=(inbox,), name=f"wire requests from the {self.other}",
                             daemon=self.side == "judge").start()

    def _work(self, inbox):
        _HARNESS_THREAD.flag = True  # a thread of the wire's own, not one a role started
        while True:
            message = inbox.get()
            if message is None:
                return
            self._carry_out(message)
            self._idle.put(inbox)
            if self.failure is not None:  # the wire ended while this one worked: no request will come
                self._dismiss_idle_workers()

    def _dismiss_idle_workers(self):
        """End the workers waiting for a request: in the subject they are not daemon threads, and
        an in-process peer (the suite's tests) would otherwise keep its interpreter from exiting."""
        while True:
            try:
                self._idle.get_nowait().put(None)
            except queue.Empty:
                return

    def _end(self, failure):
        if self.failure is None:
            if isinstance(failure, PeerGone) and self._explain_end is not None:
                try:
                    failure = PeerGone(self._explain_end())
                except Exception:
                    pass
            self.failure = failure
        for mailbox in list(self._waiting.values()):
            mailbox.put(("ended", None))
        self._dismiss_idle_workers()
        return self.failure

    def _carry_out(self, message):
        stack = self._running.__dict__.setdefault("stack", [])
        callers = _CALLER.__dict__.setdefault("stack", [])
        try:
            # a forged caller ends the wire here too: raised in a worker of the wire's, it would end
            # only that thread, and the subject's thread waiting for the reply would wait forever
            caller = self._caller_of(message)
        except WireViolation as exc:
            self._end(exc)
            return
        stack.append(message["id"])
        callers.append(caller)
        try:
            reply = {"op": "reply", "id": message["id"], "value": self.codec.encode(self._perform(message))}
        except WireViolation as exc:
            self._end(exc)
            return
        except BaseException as exc:
            reply = {"op": "reply", "id": message["id"], "error": self.codec.encode_error(exc)}
        finally:
            stack.pop()
            callers.pop()
        try:
            self.send(reply)
        except (OSError, WireError) as exc:
            if self.failure is None:
                try:
                    self.send({"op": "reply", "id": message["id"], "error": self.codec.encode_error(exc)})
                except (OSError, WireError):
                    pass

    def _caller_of(self, message):
        """Who sent a request, as the other side says, and the request's number (the order in
        which the other side made its requests, whatever order they arrive in here)."""
        info = message.get("caller")
        if info is None:
            return {"request": message["id"]}
        if not isinstance(info, dict) or len(info) > 16:
            raise WireViolation("a malformed caller")
        clean = {str(k)[:40]: (v if isinstance(v, (bool, int, float, str)) or v is None else None) for k, v in info.items()}
        if self._check_caller is not None:
            tid = clean.get("tid")
            if type(tid) is not int or not self._check_caller(tid):
                raise WireViolation(f"a request naming the OS thread {tid!r}, which the subject does not have "
                                    "(its caller description was forged)")
        clean["request"] = message["id"]
        return clean

    def _target(self, message):
        target = message["target"]
        if not isinstance(target, dict) or len(target) != 1:
            raise WireViolation("a malformed target")
        if "$ref" in target:
            ref = target["$ref"]
            if type(ref) is not int or ref not in self.codec.exports:
                raise WireViolation(f"a reference {ref!r} that was never given out")
            return self.codec.exports[ref]
        if "role" in target and self._resolve is not None and isinstance(target["role"], str):
            return self._resolve(target["role"])
        raise WireViolation("a target this side does not serve")

    def _perform(self, message):
        op, target = message["op"], self._target(message)
        if op == "call":
            attr = message.get("attr")
            func = target if attr is None else self._attribute(target, attr)
            if not callable(func):
                raise TypeError(f"{_type_name(type(func))} is not callable")
            args = message["args"]
            kwargs = message["kwargs"]
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise WireViolation("malformed arguments")
            if attr == "__exit__" and self.strict:
                args = [None, None, None] if args[:1] == [None] else [RemoteError, RemoteError(str(args[0]), str(args[1])), None]
                return func(*args)
            return func(*[self.codec.decode(a) for a in args], **{str(k): self.codec.decode(v) for k, v in kwargs.items()})
        name = message["name"]
        if op == "get":
            value = self._attribute(target, name)
            if self.strict and isinstance(value, (type, type(os))):
                raise WireViolation(f"a read of {name!r}, which is not data")
            return value
        if self.strict and name not in getattr(type(target), "__wire_settable__", ()):
            raise WireViolation(f"a write to {name!r} of a {_type_name(type(target))}, which is read-only")
        setattr(target, name, self.codec.decode(message["value"]))
        return None

    def _attribute(self, target, name):
        if not isinstance(name, str):
            raise WireViolation("a malformed attribute name")
        if self.strict and name.startswith("_") and name not in SPECIAL:
            raise WireViolation(f"an access to the private attribute {name[:60]!r}")
        return getattr(target, name)


class _Serials:
    """Numbers objects in the order they are first seen, weakly (an object gone never passes its
    number on, as an ident passes to the next thread once a thread ends)."""

    def __init__(self):
        self._numbers, self._next, self._lock = weakref.WeakKeyDictionary(), itertools.count(1), threading.Lock()

    def __call__(self, obj):
        with self._lock:
            number = self._numbers.get(obj)
            if number is None:
                number = self._numbers[obj] = next(self._next)
        return number


_THREAD_SERIALS, _GREENLET_SERIALS = _Serials(), _Serials()


def describe_current_thread():
    """The subject's caller info: which process and thread makes a request. `thread` numbers Thread
    objects (an ident passes to the next thread once a thread ends; a Thread object does not)."""
    thread = threading.current_thread()
    return {"pid": os.getpid(), "thread": _THREAD_SERIALS(thread), "thread_name": thread.name, "ident": thread.ident,
            "native_id": getattr(thread, "native_id", None), "daemon": thread.daemon,
            "harness": getattr(_HARNESS_THREAD, "flag", False), "greenlet": _greenlet_serial(),
            "generators": _generator_frames(), **_os_threads()}


def _greenlet_serial():
    """A number for the greenlet making the request (None where greenlet was never imported): which
    flow of a greenlet program logged a step."""
    import sys

    module = sys.modules.get("greenlet")
    return None if module is None else _GREENLET_SERIALS(module.getcurrent())


_CO_GENERATOR = 0x20  # inspect.CO_GENERATOR
_HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))  # wire.py, subject.py, kit.py


def _generator_frames(limit=200):
    """The frames of generators on the requesting stack (their ids, innermost first, in one string:
    a caller's description carries only plain values), the harness's own aside: whether a step was
    logged from inside a generator, and which one."""
    import sys

    found = []
    frame = sys._getframe(1)
    for _ in range(limit):
        if frame is None:
            break
        code = frame.f_code
        if code.co_flags & _CO_GENERATOR and os.path.dirname(os.path.abspath(code.co_filename)) != _HARNESS_DIR:
            found.append(id(frame))
        frame = frame.f_back
    return " ".join(map(str, found))


def _os_threads():
    """The OS thread making the request and the process's main OS thread: with gevent's patching,
    threading names greenlets, so the unpatched get_ident is asked."""
    import sys

    get_ident, get_tid = threading.get_ident, getattr(threading, "get_native_id", None)
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        get_ident = monkey.get_original("threading", "get_ident")
        try:
            get_tid = monkey.get_original("threading", "get_native_id")
        except (AttributeError, ValueError):
            pass
    # tid: the kernel's id of the thread, which the judge checks from outside (/proc)
    return {"os_thread": get_ident(), "main_os_thread": _MAIN_OS_THREAD, "tid": get_tid() if get_tid else None}


_MAIN_OS_THREAD = threading.get_ident()  # the subject loads this module in its main thread, before any patching
