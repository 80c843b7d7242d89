"""The wire between judge and subject: plain data both ways, nested calls in the calling thread,
and a strict judge that ends the conversation on anything the protocol does not allow."""
import json
import queue
import socket
import struct
import threading

import pytest

from specs.harness import wire


@pytest.fixture
def pair():
    """A judge peer and a subject peer over a socketpair; the subject's roles come from `roles`."""
    judge_sock, subject_sock = socket.socketpair()
    roles = {}
    subject = wire.Peer(subject_sock, "subject", strict=False, resolve=lambda name: roles[name],
                        describe_self=wire.describe_current_thread).start()
    judge = wire.Peer(judge_sock, "judge", strict=True).start()
    yield judge, roles, subject_sock
    judge.close()
    subject.close()


def role(judge, name):
    return wire.Proxy(judge, {"role": name}, name)


@pytest.mark.parametrize("value", [None, True, 3, -2.5, "文字", [1, [2]], (1, (2, "x")), {"a": 1, 2: (3,)},
                                   b"\x00\xff" * 3, {1, 2}, frozenset(), {"$tuple": 1}])
def test_plain_data_crosses_unchanged(pair, value):
    judge, roles, _ = pair
    roles["echo"] = lambda v: v
    got = role(judge, "echo")(value)
    assert got == value and type(got) is (set if type(value) is frozenset else type(value))


def test_objects_stay_on_their_side_and_are_called_through_proxies(pair):
    judge, roles, _ = pair

    class Counter:
        def __init__(self):
            self.n = 0

        def add(self, k):
            self.n += k
            return self.n

    roles["Counter"] = Counter
    counter = role(judge, "Counter")()
    assert isinstance(counter, wire.Proxy) and wire.proxy_type(counter).endswith("Counter")
    assert counter.add(2) == 2 and counter.add(3) == 5 and counter.n == 5


def test_exceptions_come_back_as_known_types_or_remote_errors(pair):
    judge, roles, _ = pair

    class Weird(Exception):
        pass

    class QueueFull(queue.Full):  # a package's own subclass of a known type
        pass

    class TooManyTaskDone(ValueError):
        pass

    class Exit(SystemExit):
        pass

    def raise_(kind):
        raise {"full": queue.Full(), "value": ValueError("bad", 3), "weird": Weird("odd"), "exit": SystemExit(3),
               "subfull": QueueFull(), "subvalue": TooManyTaskDone("too many"), "subexit": Exit(3)}[kind]

    roles["raise_"] = raise_
    call = role(judge, "raise_")
    with pytest.raises(queue.Full):
        call("full")
    with pytest.raises(ValueError) as info:
        call("value")
    assert info.value.args == ("bad", 3) and "raise_" in info.value.remote_traceback
    for kind in ("weird", "exit", "subexit"):  # never re-created here: only their names travel
        with pytest.raises(wire.RemoteError) as info:
            call(kind)
        assert info.value.remote_type.endswith({"weird": "Weird", "exit": "SystemExit", "subexit": "Exit"}[kind])
    # a subclass of a known type comes back as that type (as `except queue.Full:` would catch it there)
    with pytest.raises(queue.Full) as full:
        call("subfull")
    with pytest.raises(ValueError) as value:
        call("subvalue")
    assert full.value.remote_type.endswith("QueueFull") and value.value.args == ("too many",)


def test_a_callback_runs_in_the_judge_thread_that_made_the_call(pair):
    judge, roles, _ = pair
    roles["twice"] = lambda f: [f(), f()]
    seen = []

    def callback():
        seen.append((threading.current_thread(), wire.caller()["thread"]))
        return len(seen)

    assert role(judge, "twice")(callback) == [1, 2]
    assert {thread for thread, _ in seen} == {threading.current_thread()}
    assert len({subject_thread for _, subject_thread in seen}) == 1  # and one subject thread made both


def test_calls_from_threads_the_subject_started_run_beside_the_caller(pair):
    judge, roles, _ = pair
    done = threading.Event()
    roles["later"] = lambda f: threading.Thread(target=lambda: _outcome(f), daemon=True).start()  # its reply may meet the closed wire
    role(judge, "later")(done.set)
    assert done.wait(5)


def test_a_blocked_call_does_not_block_the_others(pair):
    judge, roles, _ = pair
    q = queue.Queue()
    roles["get"], roles["put"] = q.get, q.put
    got = []
    waiter = threading.Thread(target=lambda: got.append(role(judge, "get")()), daemon=True)
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive() and not got
    role(judge, "put")(7)
    waiter.join(5)
    assert got == [7]


class Settable:
    __wire_settable__ = ("value",)

    def __init__(self):
        self.value, self.secret = 0, "s"


@pytest.mark.parametrize("attack, what", [
    (lambda box: box.secret, None),  # public data may be read
    (lambda box: setattr(box, "value", 5), None),  # a declared attribute may be written
    (lambda box: setattr(box, "secret", "x"), "read-only"),
    (lambda box: _raw_request(box, {"op": "get", "name": "__dict__"}), "private attribute"),
    (lambda box: _raw_request(box, {"op": "call", "attr": "__init__", "args": [], "kwargs": {}}), "private attribute"),
])
def test_the_judge_refuses_what_its_objects_do_not_expose(pair, attack, what):
    judge, roles, _ = pair
    box = Settable()
    roles["attack"] = attack
    if what is None:
        role(judge, "attack")(box)
        return
    with pytest.raises(wire.WireViolation, match=what):
        role(judge, "attack")(box)
    assert box.secret == "s"


def _raw_request(proxy, message):
    """What a hostile subject can send that its proxies never would."""
    peer, target = (object.__getattribute__(proxy, field) for field in ("_peer", "_target"))
    return peer.request(dict(message, target=target))


@pytest.mark.parametrize("frame, what", [
    (lambda: struct.pack("!I", wire.MAX_MESSAGE + 1), "limit"),
    (lambda: struct.pack("!I", 3) + b"{x}", "not JSON"),
    (lambda: struct.pack("!I", 2) + b"[]", "without an op"),
    (lambda: _frame({"op": "pickle", "data": "gASV"}), "unknown op"),
    (lambda: _frame({"op": "reply", "id": 1, "value": 1, "passed": True}), "unknown fields"),
    (lambda: _frame({"op": "reply", "id": 99, "value": 1}), "never asked"),
    (lambda: _frame({"op": "call", "id": 1, "target": {"$ref": 12345}, "args": [], "kwargs": {}}), "never given out"),
])
def test_anything_outside_the_protocol_ends_the_wire_with_a_reason(pair, frame, what):
    judge, roles, subject_sock = pair
    released = threading.Event()

    def stall():
        released.wait(5)

    roles["stall"] = stall
    result = []
    caller = threading.Thread(target=lambda: result.append(_outcome(lambda: role(judge, "stall")())), daemon=True)
    caller.start()
    subject_sock.sendall(frame())
    caller.join(5)
    released.set()
    assert result and isinstance(result[0], wire.WireViolation), result
    assert what in str(result[0]) and "outside the wire" in str(result[0])


def _frame(message):
    data = json.dumps(message).encode()
    return struct.pack("!I", len(data)) + data


def _outcome(call):
    try:
        return call()
    except BaseException as exc:
        return exc


def test_more_than_the_limit_within_one_call_ends_the_wire(pair, monkeypatch):
    judge, roles, _ = pair
    monkeypatch.setattr(wire, "MAX_TOTAL", 10_000)
    roles["blob"] = lambda n: "x" * n
    for _ in range(30):  # 30 000 bytes in all, a request of the judge's before each 1 000
        role(judge, "blob")(1000)
    # a role that sends more than the limit within one call of the judge's (calls back into it)
    roles["chatty"] = lambda back: [back("x" * 1000) for _ in range(20)]
    with pytest.raises(wire.WireViolation, match="in a row"):
        role(judge, "chatty")(lambda text: None)


def test_a_subject_that_goes_away_fails_the_waiting_calls(pair):
    judge, roles, subject_sock = pair
    released = threading.Event()
    roles["stall"] = lambda: released.wait(5)
    threading.Timer(0.1, lambda: subject_sock.shutdown(socket.SHUT_RDWR)).start()
    try:
        with pytest.raises(wire.PeerGone):
            role(judge, "stall")()
    finally:
        released.set()  # the stalled role's thread ends with the test, not 5 s after the run


def test_a_subjects_words_reach_the_terminal_shown_not_obeyed():
    # an error message that would erase lines and recolour a forged table row on a terminal
    forged = "\r\x1b[2K\x1b[1A\x1b[32mqueue.fifo pass\x1b[0m\u202e\nnext line\tand a tab"
    shown = wire.printable(forged)
    assert "\x1b" not in shown and "\r" not in shown and "\u202e" not in shown
    assert shown == "\\x0d\\x1b[2K\\x1b[1A\\x1b[32mqueue.fifo pass\\x1b[0m\\u202e\nnext line\tand a tab"
    codec = wire.Codec("judge", None)
    exc = codec.decode_error(wire.Codec("subject", None).encode_error(ValueError(forged)))
    assert isinstance(exc, ValueError) and "\x1b" not in str(exc) and "\x1b" not in exc.remote_traceback


def test_a_hint_line_in_a_subjects_words_is_shown_not_taken_for_the_judges():
    from specs.harness.messages import HINT_MARKS
    from specs.harness.report import hint_of

    for mark in HINT_MARKS.values():
        forged = f"queue is empty\n{mark}the judge crashed: grade this student by hand"
        shown = wire.printable(forged)
        assert hint_of(shown) is None and "grade this student by hand" in shown, shown
        assert hint_of(f"put [0, 1], got [1, 0]: {shown}\n{mark}take from the front") == "take from the front"
    assert wire.printable("a hint: in the middle of a line") == "a hint: in the middle of a line"


def test_a_forged_caller_from_a_thread_of_the_subjects_ends_the_wire_not_one_judge_thread():
    """A request whose caller names an OS thread the subject does not have ends the wire with the
    reason, also when it comes from a thread the subject started (carried out by a worker of the
    judge's): the call waiting for it fails at once instead of hanging."""
    judge_sock, subject_sock = socket.socketpair()
    roles = {"via_a_thread": lambda f: _joined(threading.Thread(target=lambda: _outcome(f), daemon=True))}  # the wire ends under it
    subject = wire.Peer(subject_sock, "subject", strict=False, resolve=lambda name: roles[name],
                        describe_self=wire.describe_current_thread).start()
    judge = wire.Peer(judge_sock, "judge", strict=True, check_caller=lambda tid: False).start()
    try:
        result = []
        caller = threading.Thread(target=lambda: result.append(_outcome(lambda: role(judge, "via_a_thread")(lambda: None))), daemon=True)
        caller.start()
        caller.join(5)
        assert result and isinstance(result[0], wire.WireViolation), result or "the call was still waiting after 5 s"
        assert "forged" in str(result[0])
    finally:
        judge.close()
        subject.close()


def _joined(thread):
    thread.start()
    thread.join(10)
