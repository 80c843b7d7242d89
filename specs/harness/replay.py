"""Reproducers: a failing spec's smallest example, replayed against the student's package by a
short standalone script, without pytest or Hypothesis running it.

In the spec's child, ``record`` wraps the Hypothesis test so that the arguments of the last
failing call (the shrunk example, which Hypothesis replays last) are kept as Python source text;
they travel home as plain strings in the report. ``write_all`` (``--repro DIR``) writes one script
per failing claim. The script imports the student's package itself (their code runs in the
script's own process: print() and breakpoint() work), builds the spec's fixtures from it with
``local_fixtures`` and calls the spec's own body with the example, so it checks exactly what the
spec checks and fails with the same message.

Two ways to replay:

- **In the script's own process** (print() and breakpoint() in the student's code work): the echo
  servers (``echo_server``), the server models (``server``: their concurrency, the pool's bound, a
  reset client), the MyQueue specs (``make_queue``), and the roles a spec only calls
  (``_ROLE_FIXTURES``: the workers, the locked counter, the queue's producer and consumer), given as
  the student's own functions and classes, their tasks and cells made in the script.
- **Through a subject, as the judge runs it** (``run_in_subject``): every other role spec (task
  control, communication, the offloading helpers, generators, greenlets, gevent). These hand the
  role judge-issued tasks that must run where the role puts them, so the script loads the package
  as the judge does (a private copy in a sandboxed subject process), makes the spec's fixtures with
  the spec module's own fixture functions (the parameter of the failing node, ``params``), calls
  the body, and prints what the package wrote to its output.

A spec that draws as it goes (``st.data()``) gets back the values it drew, in order. A timing
claim is replayed through a subject too, its script saying that it measures on the student's
machine as it is, where the judge measured with the CPUs to itself. A spec the script cannot make
the fixtures of gets a script that reruns its claim alone.
"""
import ast
import base64
import collections
import contextlib
import functools
import os
import re
import socket
import threading
import zlib
from pathlib import Path

from . import layout, pacing
from .servers import Connectable

BIG = 4096  # bytes: a longer value is written compressed, not as a literal
MAX_SOURCE = 2_000_000  # characters of one recorded example, at most
_FIXTURES = ("echo_server", "server", "make_queue")  # what local_fixtures can stand in for
# Roles a spec takes by name whose specs only call them (no subject of their own, no kit): the
# script hands the spec the student's class itself.
# (Not the generators and greenlets: their specs ask the wire which thread of the subject called
# back, and a script has no subject.)
_ROLE_FIXTURES = ("MyThread", "MyPool", "locked_add", "queue_producer", "queue_consumer")
_NEUTRAL = ("patience",)
OUT_OF_TIME = "out_of_time"  # a kept example's mark: the search ran out of time in it; no script replays that
# What run_in_subject makes besides roles and the spec module's own fixtures
_SUBJECT_NEUTRAL = ("implementation", "patience", "tmp_path", "tmp_path_factory")


# ---- in the spec's child: keep the failing call's arguments ----

def record(item):
    """Wrap item's Hypothesis test (once) so that a failing call leaves its arguments in item."""
    test = getattr(item, "obj", None)
    hypothesis = getattr(test, "hypothesis", None)
    if hypothesis is None or getattr(hypothesis.inner_test, "_specs_recording", False):
        return
    inner = hypothesis.inner_test

    @functools.wraps(inner)  # Hypothesis names the example after it: test_fifo(items=[0, 1])
    def recording(*args, **kwargs):
        kwargs = {k: RecordedDraws(v) if _is_data(v) else v for k, v in kwargs.items()}
        try:
            return inner(*args, **kwargs)
        except pacing.SearchTimeout:  # the search ran out of time while this example ran: nothing failed
            item._specs_example = {OUT_OF_TIME: True, "args": {}, "fixtures": []}
            raise
        except BaseException:
            args = as_source(kwargs)
            item._specs_example = {"args": args, "fixtures": sorted(k for k in kwargs if k not in args)}
            raise

    recording._specs_recording = True
    hypothesis.inner_test = recording


def _is_data(value):
    """st.data()'s object (its class is internal to Hypothesis)."""
    return type(value).__name__ == "DataObject" and callable(getattr(value, "draw", None))


class RecordedDraws:
    """st.data() for the spec, keeping what each draw() returned, to be replayed in that order."""

    def __init__(self, data):
        self._data, self.values = data, []

    def draw(self, strategy, label=None):
        value = self._data.draw(strategy, label=label)
        self.values.append(value)
        return value

    def __repr__(self):  # Hypothesis prints the example's arguments
        return repr(self._data)


class Draws:
    """In a reproducer: hands the spec the values its draws returned in the failing example; past
    those (fixed code gets further than the failing run did), the strategy's simplest value."""

    def __init__(self, values):
        self._values = list(values)

    def draw(self, strategy, label=None):
        if self._values:
            return self._values.pop(0)
        from hypothesis import find, settings

        return find(strategy, lambda _: True, settings=settings(database=None))


def drawn(values):
    return Draws(values)


def example_of(item):
    """The failing call's arguments: those a Hypothesis test kept (record), else the spec
    function's own arguments (a spec without Hypothesis: its fixtures and parameters). With them,
    the node's parameters (``params``: the one a parametrized fixture was made with)."""
    params = as_source(getattr(getattr(item, "callspec", None), "params", {}))
    kept = getattr(item, "_specs_example", None)
    if kept is not None:
        return {**kept, "params": params}
    names = list(getattr(getattr(item, "_fixtureinfo", None), "argnames", ()) or ())
    values = {name: item.funcargs[name] for name in names if name in getattr(item, "funcargs", {})}
    if getattr(getattr(item, "obj", None), "hypothesis", None) is not None or len(values) < len(names):
        return None  # a Hypothesis test that failed before its call, or fixtures that never came up
    args = as_source(values)
    return {"args": args, "fixtures": sorted(n for n in names if n not in args), "params": params}


def as_source(kwargs):
    """{name: Python source of the value} for the values that are plain data; others (fixtures)
    are left out."""
    found = {}
    for name, value in kwargs.items():
        text = _source(value)
        if text is not None and len(text) <= MAX_SOURCE:
            found[name] = text
    return found


def _source(value):
    if isinstance(value, RecordedDraws):
        values = _source(value.values)
        return None if values is None else f"drawn({values})"
    if isinstance(value, (bytes, bytearray)) and len(value) > BIG:
        return f"blob({base64.b64encode(zlib.compress(bytes(value), 9)).decode()!r})"
    if isinstance(value, (list, tuple)):
        parts = [_source(v) for v in value]
        if any(p is None for p in parts):
            return None
        inner = ", ".join(parts)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(parts) == 1 else ''})"
    if isinstance(value, dict):
        parts = [(_source(k), _source(v)) for k, v in value.items()]
        if any(k is None or v is None for k, v in parts):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in parts) + "}"
    if value is None or isinstance(value, (bool, int, float, str, bytes, bytearray)):
        text = repr(bytes(value) if isinstance(value, bytearray) else value)
        try:
            ast.literal_eval(text)
        except (ValueError, SyntaxError):  # nan, inf
            return None
        return text
    return None


def blob(text):
    """A long bytes value of a reproducer, from its compressed form."""
    return zlib.decompress(base64.b64decode(text))


# ---- in the script: the spec's fixtures, made from the student's package ----

class LocalServer(Connectable):
    """A server role serving a loopback listener from a thread of this process; the echo specs'
    `echo_server` as they use it (address, role, describe_exit, assert_still_serving, connect)."""

    def __init__(self, serve, role, buffers=None, keywords=None):
        from .servers import bound_listener

        self.role, self.keywords = role, dict(keywords or {})
        self.pgid = os.getpgid(0)  # the server's sockets are this process's (the specs count them in /proc)
        self.listener = bound_listener(buffers=buffers)  # the connections' buffers the judge's server had
        self.address = self.listener.getsockname()[:2]
        self.error = None
        self.thread = threading.Thread(target=self._serve, args=(serve,), daemon=True, name=f"{role} (your server)")
        self.thread.start()

    def _serve(self, serve):
        try:
            serve(self.listener, **self.keywords)
        except BaseException as exc:  # shown by describe_exit, as the spec would say it
            self.error = exc

    def connection_owners(self, clients):
        """As the judge's: which processes of this script's group (it, and the pool it started)
        hold each client's server-side socket."""
        from .servers import connection_owners, group_members

        return connection_owners(self.address, clients, group_members(self.pgid))

    def alive(self):
        return self.thread.is_alive()

    def retire(self):
        """The judge's starts the next example on a fresh server; a reproducer runs one example."""

    def describe_exit(self):
        if self.thread.is_alive():
            return "still running"
        return f"ended: {self.error!r}" if self.error else "returned (it should serve forever)"

    def assert_still_serving(self, timeout=10.0):
        try:
            with socket.create_connection(self.address, timeout=timeout) as probe:
                probe.sendall(b"ping\n")
                probe.shutdown(socket.SHUT_WR)
                got = b""
                while len(got) < 5:
                    data = probe.recv(5 - len(got))
                    if not data:
                        break
                    got += data
        except OSError as exc:
            raise AssertionError(f"{self.role}: after this example the server no longer serves a new client ({exc!r})") from None
        assert got == b"ping\n", f"{self.role}: after this example a new client got {got!r} back, not b'ping\\n'"


def local_fixtures(package, role, wanted):
    """The fixtures a spec body takes, made from the student's package imported here."""
    from .blocking import Patience

    fixtures = {}
    for name in wanted:
        if name == "patience":
            fixtures[name] = Patience()
        elif name == "echo_server":
            from ..test_pool_servers import SERVER_BUFFERS

            fixtures[name] = LocalServer(getattr(package, role), role, SERVER_BUFFERS)
        elif name == "server":  # the server models' fixture: the size the judge chose, where the role takes one
            from ..test_server_models import CHOSEN
            from .subject import takes_keyword  # as the subject answers the judge's "accepts"

            serve = getattr(package, role)
            chosen = {k: v for k, v in CHOSEN.get(role, {}).items() if takes_keyword(serve, k)}
            fixtures[name] = LocalServer(serve, role, keywords=chosen)
        elif name == "make_queue":
            from ..test_queues import QueueKind

            fixtures[name] = QueueKind(role, getattr(package, role))
        elif name in _ROLE_FIXTURES:
            fixtures[name] = getattr(package, name)
    return fixtures


def run(spec, package, role, example):
    """Call the spec's body (the undecorated test) with local fixtures and the example."""
    body, wanted = _body_and_fixtures(spec, example)
    body(**local_fixtures(package, role, wanted), **example)


def _body_and_fixtures(spec, example):
    """The spec's undecorated body, and the names of its parameters the example does not give."""
    import inspect

    body = getattr(getattr(spec, "hypothesis", None), "inner_test", spec)
    return body, [p for p in inspect.signature(body).parameters if p not in example]


def use_profile(name):
    """The Hypothesis settings the judge ran with (a spec that explores inside its body finds the
    same examples, without the default settings' deadline on each)."""
    from hypothesis import settings

    from . import plugin  # noqa: F401  (registers the profiles)

    settings.load_profile(name if name in plugin.PROFILES else "dev")


@contextlib.contextmanager
def exit_when_done():
    """The script's end: exit 1 with the traceback if the example failed, else 0, at once. A
    thread of the package still running (a worker that is not a daemon) must not keep it alive."""
    import os
    import sys
    import traceback

    try:
        yield
    except BaseException:
        traceback.print_exc()
        code = 1
    else:
        code = 0
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run_in_subject(spec, package_path, params, example):
    """Call the spec's body as the judge does: the package loaded into a sandboxed subject, the
    fixtures made by the spec module's own fixture functions. Prints what the package wrote."""
    import sys

    from . import loader

    implementation = loader.load(str(package_path))
    started = []
    start_subject = implementation.start_subject

    def remembered(**options):  # to show each subject's output once the example is over
        subject = start_subject(**options)
        started.append(subject)
        return subject

    implementation.start_subject = remembered
    body, wanted = _body_and_fixtures(spec, example)
    fixtures = _SubjectFixtures(implementation, sys.modules[spec.__module__], params)
    try:
        body(**{name: fixtures.get(name) for name in wanted}, **example)
    finally:
        try:
            fixtures.close()
        finally:
            _show_output(started)
            implementation.end_of_spec()


def _show_output(subjects):
    for number, subject in enumerate(subjects, 1):
        with contextlib.suppress(OSError, ValueError):
            subject.output.seek(0)
            text = subject.output.read(64 * 1024).decode("utf-8", "replace")
            if text.strip():
                from .messages import reason_lang

                print(_words(reason_lang())["printed"].format(number=number) + f"\n{text.rstrip()}\n----", flush=True)


def fixture_function(value):
    """The function behind a @pytest.fixture, or None (pytest 8.4 wraps it in a definition
    object; earlier versions mark the function itself)."""
    getter = getattr(value, "_get_wrapped_function", None)
    if callable(getter):
        return getter()
    return getattr(getattr(value, "__pytest_wrapped__", None), "obj", None)


class _SubjectFixtures:
    """The fixtures of one spec, made as pytest would make them for the failing node."""

    def __init__(self, implementation, module, params):
        self.implementation, self.module, self.params = implementation, module, params
        self.made, self.finalizers = {}, []

    def get(self, name):
        if name not in self.made:
            self.made[name] = self._make(name)
        return self.made[name]

    def _make(self, name):
        from .blocking import Patience
        from .contract import all_roles

        if name == "implementation":
            return self.implementation
        if name == "patience":
            return Patience()
        if name == "tmp_path":
            return Path(self._temporary())
        if name == "tmp_path_factory":
            return _TmpPathFactory(self._temporary)
        if name in all_roles():
            return self.implementation.role(name)
        function = fixture_function(getattr(self.module, name, None))
        if function is None:
            raise LookupError(f"the reproducer cannot make the fixture {name!r}")
        import inspect

        request = _Request(self, name, self.params.get(name))
        kwargs = {p: request if p == "request" else self.get(p) for p in inspect.signature(function).parameters}
        value = function(**kwargs)
        if inspect.isgenerator(value):  # a yield fixture: its teardown runs when the spec is over
            generator, value = value, next(value)
            self.finalizers.append(lambda: next(generator, None))
        return value

    def _temporary(self):
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="netspecs-repro-")
        self.finalizers.append(lambda: shutil.rmtree(folder, ignore_errors=True))
        return folder

    def close(self):
        while self.finalizers:
            with contextlib.suppress(Exception):
                self.finalizers.pop()()


class _Request:
    """What a fixture function asks of pytest's request: its parameter, other fixtures."""

    def __init__(self, fixtures, name, param):
        self._fixtures, self.fixturename, self.param = fixtures, name, param

    def getfixturevalue(self, name):
        return self._fixtures.get(name)

    def addfinalizer(self, finalizer):
        self._fixtures.finalizers.append(finalizer)


class _TmpPathFactory:
    def __init__(self, temporary):
        self._temporary = temporary

    def mktemp(self, basename, numbered=True):
        folder = Path(self._temporary()) / basename
        folder.mkdir()
        return folder


# ---- --repro DIR: one script per failing claim ----

def replayable(nodeid, example, kind=None):
    """Can a script replay this node: a role's spec whose fixtures the script can make (in its own
    process, or through a subject; a timing claim's, through a subject only)?"""
    from .contract import all_roles

    if not example or _function_of(nodeid) is None or _role_of(nodeid, example) not in all_roles():
        return False
    if kind == "timing":  # measured as the judge measures: the role in a subject, the times in the script
        return through_subject(nodeid, example)
    return in_process(example) or through_subject(nodeid, example)


def in_process(example):
    """Fixtures local_fixtures makes from the package imported in the script."""
    return all(name in _FIXTURES + _ROLE_FIXTURES + _NEUTRAL for name in example["fixtures"])


def through_subject(nodeid, example):
    """Fixtures run_in_subject makes: roles, the plain ones, and the spec module's own."""
    import importlib

    from .contract import all_roles

    module = importlib.import_module(f"{layout.PACKAGE}.{_function_of(nodeid)[0]}")
    known = set(_SUBJECT_NEUTRAL) | set(all_roles())
    return all(name in known or fixture_function(getattr(module, name, None)) is not None for name in example["fixtures"])


def _function_of(nodeid):
    match = re.match(r"(?:.*/)?(test_\w+)\.py::(test_\w+)", nodeid)
    return (match.group(1), match.group(2)) if match else None


def _role_of(nodeid, example=None):
    """The role a node judges: its parameter (test_fifo[MyQueue]), else a role it takes by name."""
    from .contract import all_roles

    match = re.search(r"\[([A-Za-z_]\w*)", nodeid)
    fixtures = (example or {}).get("fixtures", ())
    if match and (match.group(1) in all_roles() or not any(name in all_roles() for name in fixtures)):
        return match.group(1)
    return next((name for name in fixtures if name in all_roles()), None)


# The scripts' own words, in the report's language (the spec's reasons follow set_reason_lang)
WORDS = {
    "en": {
        "head": "Reproduces claim {id} for {name}: {statement}\n\nThe smallest example that failed of\n\n    {nodeid}\n\nreplayed ",
        "subject": ("as the judge runs it (no pytest, no Hypothesis): your package runs in a\nprocess of its own, in the "
                    "sandbox, and what it prints is shown after the example. Add print() to\nyour code and run"),
        "in_process": "with your package imported in this process (no pytest, no Hypothesis):\nadd print() or breakpoint() to your code and run",
        "tail": "It raises the spec's AssertionError while the mistake is there, and prints \"passed\" once it is fixed.",
        "passed": "passed: this example no longer fails",
        "failed_for": "Claim {id} failed for {name}: {statement}",
        "not_yet": "cannot be replayed outside the judge yet",
        "rerun": "Rerun this claim alone, one spec at a time, to see its failure and\nHypothesis's smallest example:",
        "printed": "---- what your package printed (subject process {number}) ----",
        "timing_note": ("\nA timing claim: the script measures on your machine, now, beside whatever else runs there;\n"
                        "the judge measured with the CPUs to itself. Run it on a quiet machine: a ratio near its\n"
                        "bound can come out either way.\n"),
    },
    "zh": {
        "head": "复现声明 {id}（被测包 {name}）：{statement}\n\n失败的最小例子来自\n\n    {nodeid}\n\n这个脚本",
        "subject": ("按评判时的方式重放它（不用 pytest，也不用 Hypothesis）：你的包在沙箱里的一个独立进程中运行，\n"
                    "它打印的内容在例子结束后显示。在你的代码里加上 print()，然后运行"),
        "in_process": "在本进程中直接导入你的包来重放它（不用 pytest，也不用 Hypothesis）：\n在你的代码里加上 print() 或 breakpoint()，然后运行",
        "tail": "错误还在时，它抛出与评判相同的 AssertionError；改正之后，它打印 \"passed\"。",
        "passed": "passed：这个例子不再失败",
        "failed_for": "声明 {id} 对被测包 {name} 不成立：{statement}",
        "not_yet": "暂时还不能在评判之外重放",
        "rerun": "单独重新运行这一条声明（一次一个 spec），即可看到它的失败和 Hypothesis 找到的最小例子：",
        "printed": "---- 你的包打印的内容（被测进程 {number}）----",
        "timing_note": ("\n这是计时声明：脚本在你的机器上、此刻、与机器上其他程序一起测量；评判方测量时独占 CPU。\n"
                        "请在空闲的机器上运行：接近界限的比值可能时而通过、时而失败。\n"),
    },
}


def _words(lang):
    return WORDS["zh" if lang == "zh" else "en"]


def _statement(claim, lang):
    return _one_line(claim.get("statement_zh") or claim["statement"]) if lang == "zh" else _one_line(claim["statement"])


def script(claim, nodeid, example, package_path, gevent=False, lang="en", profile="dev"):
    """The text of a reproducer for one failing claim, in the report's language."""
    module, function = _function_of(nodeid)
    role = _role_of(nodeid, example)
    words = _words(lang)
    package_path = Path(package_path).resolve()
    name = package_path.stem if package_path.is_file() else package_path.name
    args = "".join(f"        {name}={text},\n" for name, text in example["args"].items())
    head = '"""' + words["head"].format(id=claim["id"], name=name, statement=_statement(claim, lang), nodeid=nodeid)
    note = words["timing_note"] if claim.get("kind") == "timing" else ""
    tail = f"\n    python {{this file}}\n\n{words['tail']}\n{note}\"\"\"\n"
    language = "" if lang != "zh" else (f"from {layout.PACKAGE}.harness.messages import set_reason_lang  # noqa: E402\n\n"
                                        'set_reason_lang("zh")  # the spec\'s reasons in Chinese, as in your report\n')
    language += f"use_profile({profile!r})  # the judge's Hypothesis settings\n"
    if not in_process(example) or claim.get("kind") == "timing":
        params = "".join(f"        {name}={text},\n" for name, text in example.get("params", {}).items())
        return f'''{head}{words["subject"]}
{tail}import sys

{_tool_path()}
from {layout.PACKAGE}.harness.replay import blob, drawn, exit_when_done, run_in_subject, use_profile  # noqa: E402,F401  (long bytes; st.data()'s draws)
from {layout.PACKAGE}.{module} import {function} as spec  # noqa: E402
{language}
with exit_when_done():  # threads of yours still running do not keep the script alive
    run_in_subject(spec, {str(package_path)!r}, params=dict(
{params}    ), example=dict(
{args}    ))
    print({words["passed"]!r})
'''
    patch = "from gevent import monkey\n\nmonkey.patch_all()  # as the gevent roles run: before anything else\n\n" if gevent else ""
    return f'''{head}{words["in_process"]}
{tail}{patch}import sys

sys.path.insert(0, {str(package_path.parent)!r})
{_tool_path()}
import {name} as package  # noqa: E402
from {layout.PACKAGE}.harness.replay import blob, drawn, exit_when_done, run, use_profile  # noqa: E402,F401  (long bytes; st.data()'s draws)
from {layout.PACKAGE}.{module} import {function} as spec  # noqa: E402
{language}
with exit_when_done():  # threads of yours still running do not keep the script alive
    run(spec, package, {role!r}, dict(
{args}    ))
    print({words["passed"]!r})
'''


def _tool_path():
    """A checkout's specs are not installed: the script finds them where they are."""
    return f"sys.path.append({str(layout.IMPORT_ROOT)!r})  # the netspecs checkout\n" if layout.CHECKOUT else ""


def fallback_script(claim, nodeid, package_path, lang="en"):
    words = _words(lang)
    package_path = Path(package_path).resolve()
    why = words["not_yet"]  # whatever the kind: a timing claim is replayed too, through a subject, when its fixtures can be made
    head = words["failed_for"].format(id=claim["id"], name=package_path.name, statement=_statement(claim, lang))
    language = ', "--lang", "zh"' if lang == "zh" else ""
    return f'''"""{head}

{nodeid}: {why}.
{words["rerun"]}
"""
import subprocess
import sys

sys.exit(subprocess.call([sys.executable, "-m", "pytest", {str(layout.SPECS_DIR)!r}, "-n", "0",
                          "--impl={package_path}", "--claim", {claim["id"]!r}{language}]))
'''


def write_all(folder, rows, examples, package_path, gevent_roles=(), lang=None, profile="dev"):
    """Write a script per failing role claim into folder, in lang (default: the reasons' language);
    returns {claim id: path}."""
    from .messages import reason_lang

    lang = lang or reason_lang()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    # A spec of fewer claims is the one made for this claim: its failure is the one to replay (a
    # spec of several claims may have caught this one's mistake only by the way, by luck of timing).
    claims_of = collections.Counter(node for claim in rows for node in claim["specs"])
    for claim in rows:
        if claim["subject"] != "roles" or claim["outcome"] not in ("fail", "error"):
            continue
        failing = sorted((n for n, outcome in claim["specs"].items() if outcome in ("fail", "error")
                          and not (examples.get(n) or {}).get(OUT_OF_TIME)), key=lambda n: claims_of[n])
        chosen = next((n for n in failing if replayable(n, examples.get(n), claim.get("kind"))), None)
        path = folder / f"{claim['id']}.py"
        if chosen is not None:
            text = script(claim, chosen, examples[chosen], package_path,
                          gevent=_role_of(chosen, examples[chosen]) in gevent_roles, lang=lang, profile=profile)
        elif failing:
            text = fallback_script(claim, failing[0], package_path, lang=lang)
        else:
            continue
        path.write_text(text, encoding="utf-8")
        written[claim["id"]] = path
    return written


def _one_line(text):
    return " ".join(text.split())

