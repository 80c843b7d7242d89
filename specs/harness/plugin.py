"""The pytest plugin behind `pytest specs`: --impl, role fixtures, isolation, the claim report."""
import contextlib
import difflib
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from . import isolation, layout, loader, messages, pacing, replay
from .blocking import Patience
from .claims import MARKER, catalogue_by_id, claim_ids_of, roles_of, violated_claims
from .contract import all_roles
from .report import ClaimBook, report_ran_out_of_time

SPECS_DIR = layout.SPECS_DIR
DEFAULT_TIMEOUT = 60  # s per spec where no settings file says (pytest-timeout); specs that need more say so

_common = dict(
    deadline=None,  # wall-clock per example is meaningless for network and thread specs
    # No explain phase: it reruns a failing example with each part varied, and a failing example
    # often waits out its patience (a server that does not answer): 35 of a 50 s failing server-
    # concurrency spec went there, for "# or any other generated value" remarks in the reason.
    phases=[phase for phase in Phase if phase.name != "explain"],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
# Every profile a verdict comes from is derandomized (which also means no example database): the
# same package gets the same verdict on every run, the student's check as well as the grade. A
# random seed let a LIFO queue pass queue.fifo in ~3 % of dev runs on Hypothesis 6.113 (py38).
settings.register_profile("dev", max_examples=12, derandomize=True, **_common)
settings.register_profile("ci", max_examples=30, derandomize=True, **_common)
# derandomize=False said outright: with CI set, Hypothesis makes its own derandomized "ci" settings the
# default every profile inherits from
settings.register_profile("thorough", max_examples=300, derandomize=False, **_common)  # explores afresh each run, on purpose
# For the suite's own known-bad tests: proving a rejection needs no shrinking.
settings.register_profile("reject", max_examples=12, derandomize=True, **{**_common, "phases": [Phase.explicit, Phase.generate]})
PROFILES = ("dev", "ci", "thorough", "reject")


def pytest_addoption(parser):
    group = parser.getgroup("specs", "tutorial specs")
    group.addoption("--impl", action="append", default=None, help="implementation package to judge: a folder path or a module name (default: the reference implementation, where this edition has it)")
    group.addoption("--claims-report", default=None, metavar="PATH", help="write the per-claim verdicts as JSON to PATH")
    group.addoption("--claim", action="append", default=[], metavar="PREFIX", help="run only specs of claims whose id starts with PREFIX (repeatable)")
    group.addoption("--repro", default=None, metavar="DIR",
                    help="write a standalone script per failing claim into DIR, replaying its smallest example against the package")
    group.addoption("--subjects", choices=("all", "roles", "runtime"), default="all",
                    help="run the specs of the package's roles only, of the Python runtime only, or all (default); "
                         "grade judges the runtime once per batch")
    group.addoption("--isolation", choices=("fork", "none"), default="fork", help="run each spec in a forked child (default) or in-process (debugging only)")
    group.addoption("--lang", choices=messages.LANGS, default=None,
                    help="language of the claims table and FAIL lines: en or zh (中文); default: zh when LC_ALL, LC_MESSAGES or LANG starts with zh, else en")


# A plain `pytest specs` spreads its specs over this many worker processes (pytest-xdist): most
# specs wait (for a trigger, a peer, a settle window) rather than compute, so twice the cores keeps
# both cores busy, while timing specs still run alone through the CPU turnstile.
DEFAULT_WORKERS = min(4, 2 * (os.cpu_count() or 1))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Unless the user chose (-n, -p no:xdist, --pdb) or names single specs, run in parallel."""
    if not _judging(config):
        return
    _check_usage(config)
    _default_timeout(config)
    if _default_workers_apply(config):
        config.option.numprocesses = DEFAULT_WORKERS


def _default_workers_apply(config):
    option = config.option
    if not config.pluginmanager.hasplugin("xdist") or getattr(option, "numprocesses", "absent") is not None:
        return False
    if os.environ.get("PYTEST_XDIST_WORKER") or option.usepdb or option.collectonly or getattr(option, "trace", False):
        return False
    if option.isolation != "fork" or DEFAULT_WORKERS < 2:
        return False
    if not config.args or any("::" in arg for arg in config.args):
        return False
    if option.claim:
        # A run of a few claims (say a student checking one role) has a handful of specs: starting
        # workers costs more (seconds) than it saves, so up to SERIAL_CLAIMS claims run serially.
        catalogue = catalogue_by_id()
        if sum(any(i.startswith(p) for p in option.claim) for i in catalogue) <= SERIAL_CLAIMS:
            return False
    return all(_inside_specs(path) for path in _arg_paths(config))


def _default_timeout(config):
    """Every spec has a bound: the checkout's settings give it; installed, with no settings file
    of its own (`pytest --pyargs netspecs`), it comes from here."""
    if config.pluginmanager.hasplugin("timeout") and getattr(config.option, "timeout", None) is None:
        if not os.environ.get("PYTEST_TIMEOUT") and not config.getini("timeout"):
            config.option.timeout = DEFAULT_TIMEOUT


def _judging(config):
    """Is this run judging a package? Installed, the plugin is loaded into every pytest run of its
    environment (an entry point): it stays out of the way unless the run is on the specs."""
    if layout.CHECKOUT or config.getoption("impl") or config.getoption("claim"):
        return True
    return any(_inside_specs(path) for path in _arg_paths(config))


def _arg_paths(config):
    """The run's arguments as paths: `--pyargs netspecs` names the specs folder."""
    paths = []
    for arg in config.args or [str(Path.cwd())]:
        arg = str(arg).split("::")[0]
        if config.getoption("pyargs", False) and (arg == layout.PACKAGE or arg.startswith(layout.PACKAGE + ".")):
            paths.append(SPECS_DIR)
        else:
            paths.append(Path(arg))
    return paths


SERIAL_CLAIMS = 3


def _check_usage(config):
    """Bad options stop the run here, before any spec, with one line each (pytest.UsageError)."""
    impl = config.option.impl
    if isinstance(impl, list):  # --impl is given at most once; the list only tells a repeat
        if len(impl) > 1:
            raise pytest.UsageError(f"give --impl once (got {len(impl)}: {', '.join(impl)})")
        config.option.impl = impl[0] if impl else None
    if hasattr(config, "workerinput"):
        return  # an xdist worker: its controller checked the same options
    _check_profile(config)
    _check_at_once()
    _check_claims_report(config.option.claims_report)
    _check_repro(config.option.repro)
    _check_claim_prefixes(config.option.claim)


def _check_profile(config):
    name, source = config.getoption("hypothesis_profile", None), "--hypothesis-profile"
    if not name:
        name, source = os.environ.get("SPECS_PROFILE"), "SPECS_PROFILE"
    if not name:
        return
    try:
        settings.get_profile(name)
    except Exception:  # hypothesis.errors.InvalidArgument: not registered
        raise pytest.UsageError(f"unknown Hypothesis profile {name!r} ({source}): choose one of {', '.join(PROFILES)}") from None


def _check_at_once():
    value = os.environ.get("SPECS_AT_ONCE")
    if value and not (value.isdigit() and int(value) >= 1):
        raise pytest.UsageError(f"SPECS_AT_ONCE={value!r}: give how many specs may run at once, a whole number from 1")


def _profile_name(config):
    """The run's Hypothesis profile: --hypothesis-profile, else SPECS_PROFILE, else dev."""
    return config.getoption("hypothesis_profile", None) or os.environ.get("SPECS_PROFILE") or "dev"


def _room_for_descriptors(wanted=4096):
    """Raise the soft limit on open files towards `wanted` (within the hard limit): the epoll spec
    holds 800 idle connections in the judge and as many in the server (which inherits the limit),
    beside the harness's own pipes; 1024, a common default, leaves little room."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _check_claims_report(path):
    if not path:
        return
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise pytest.UsageError(f"--claims-report {path}: is a folder; give a file, such as {target / 'claims.json'}")
    if not folder.is_dir():
        raise pytest.UsageError(f"--claims-report {path}: no folder {folder} to write it in")
    existed = target.exists()
    try:  # an open, not os.access: that says yes to root everywhere, /proc included
        with open(target, "a"):
            pass
    except OSError as exc:
        raise pytest.UsageError(f"--claims-report {path}: cannot write there ({(exc.strerror or str(exc)).lower()})") from None
    if not existed:
        with contextlib.suppress(OSError):
            target.unlink()


def _check_repro(folder):
    if not folder:
        return
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise pytest.UsageError(f"--repro {folder}: is a file; give a folder for the reproducers")
    parent = target if target.exists() else target.parent
    if not parent.is_dir():
        raise pytest.UsageError(f"--repro {folder}: no folder {parent} to make it in")
    if not os.access(str(parent), os.W_OK | os.X_OK):
        raise pytest.UsageError(f"--repro {folder}: cannot write there (permission denied)")


def _check_claim_prefixes(prefixes):
    ids = sorted(catalogue_by_id())
    candidates = set(ids)
    for claim_id in ids:
        parts = claim_id.split(".")
        candidates.update(".".join(parts[:n]) + "." for n in range(1, len(parts)))
    for prefix in prefixes:
        if any(claim_id.startswith(prefix) for claim_id in ids):
            continue
        close = difflib.get_close_matches(prefix, sorted(candidates), n=3)
        if close:
            hint = "closest: " + ", ".join(close)
        else:
            areas = sorted({claim_id.split(".")[0] + "." for claim_id in ids})
            hint = "claim ids begin with " + " ".join(areas) + f" ({layout.COMMAND} catalog lists them)"
        raise pytest.UsageError(f"--claim {prefix!r} matches no claim; {hint}")


def pytest_configure(config):
    config.addinivalue_line("markers", f"{MARKER}(*ids): the catalogue claims this spec checks")
    config.addinivalue_line("markers", "cpu_exclusive: run with no other spec beside it (timing)")
    config.addinivalue_line("markers", "spec_conditions: run as a spec runs (a child in a session of its own, the CPU turnstile)")
    if not _judging(config):
        return
    messages.set_reason_lang(report_lang(config))  # the specs' reasons are made in the report's language
    if not config.getoption("hypothesis_profile", None):
        settings.load_profile(_profile_name(config))
    spec = config.getoption("impl")
    if not spec and config.option.collectonly:
        return  # listing the specs (catalog, starter) judges nothing: no package needed
    if not spec:
        if loader.REFERENCE is None:
            raise pytest.UsageError("give the package to judge: --impl PATH (this edition has no reference implementation)")
        spec = str(loader.REFERENCE)
    try:
        implementation = loader.load(spec)
    except loader.ImplementationError as exc:
        raise pytest.UsageError(str(exc)) from None
    config._specs_impl = implementation
    _room_for_descriptors()
    config._specs_book = ClaimBook(catalogue_by_id())
    _BOOK[:] = [config._specs_book]
    if config.getoption("isolation") == "fork":
        isolation.become_subreaper()


def _inside_specs(path):
    resolved = path.resolve()
    return resolved == SPECS_DIR or SPECS_DIR in resolved.parents  # Path.is_relative_to is 3.9+


def _is_spec(item):
    return _inside_specs(Path(str(item.fspath)))


def pytest_collection_modifyitems(session, config, items):
    catalogue = catalogue_by_id()
    prefixes = config.getoption("claim")
    subjects = config.getoption("subjects")
    keep, dropped = [], []
    for item in items:
        if not _is_spec(item):
            if item.get_closest_marker(MARKER) is not None:
                raise pytest.UsageError(_foreign_specs(item))
            keep.append(item)
            continue
        ids = claim_ids_of(item)
        if not ids:
            raise pytest.UsageError(f"{item.nodeid} names no claim: decorate it with @claim(...)")
        unknown = [i for i in ids if i not in catalogue]
        if unknown:
            raise pytest.UsageError(f"{item.nodeid} names claims not in the catalogue: {', '.join(unknown)}")
        if prefixes and not any(i.startswith(p) for i in ids for p in prefixes):
            dropped.append(item)
            continue
        if subjects != "all" and (subjects == "roles") != bool(roles_of(item)):
            dropped.append(item)  # another subject's spec: judged in another run
            continue
        if any(catalogue[i].kind == "timing" for i in ids):
            item.add_marker(pytest.mark.cpu_exclusive)
        keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    if hasattr(config, "workerinput") or os.environ.get("SPECS_TURNSTILE"):
        # Where specs of other processes run beside (xdist workers, or the runs of a batch grade
        # sharing one turnstile), timing specs come last: each must wait for the CPUs to drain of
        # ordinary specs, which costs a gap every time they alternate, and little once they are
        # all at the end.
        keep.sort(key=lambda item: item.get_closest_marker("cpu_exclusive") is not None)
    items[:] = keep


def _foreign_specs(item):
    """Specs of another copy of the tool than this plugin's (a checkout's settings picked up by an
    installed run, or the reverse) would run unjudged: say how to run one copy."""
    return (f"{item.nodeid}: these specs are another copy of netspecs than the plugin judging them ({SPECS_DIR}); "
            f"run `netspecs check PACKAGE` (installed) or `pytest specs --impl PACKAGE` in a checkout")


@pytest.fixture(scope="session")
def implementation(request):
    """The implementation under test (see specs.harness.loader.Implementation)."""
    return request.config._specs_impl


@pytest.fixture(autouse=True)
def _subjects_end_with_the_spec(request):
    """Every subject a spec started (its roles, its servers) is stopped when the spec ends."""
    yield
    implementation = getattr(request.config, "_specs_impl", None)
    if implementation is not None:
        implementation.end_of_spec()


def pytest_report_header(config):
    implementation = getattr(config, "_specs_impl", None)
    if implementation is None or hasattr(config, "workerinput"):
        return None
    from . import sandbox

    profile = _profile_name(config)
    return [f"netspecs: judging {implementation.name} ({implementation.origin}); student code runs in: {sandbox.LEVELS[implementation.containment]}",
            f"netspecs: Hypothesis profile {profile} ({settings.get_profile(profile).max_examples} examples per spec at most)"]


@pytest.fixture
def patience():
    """A liveness bound for this spec, shared by its Hypothesis examples (see blocking.Patience)."""
    return Patience()


def _role_fixture(role_name):
    def fixture(implementation):
        return implementation.role(role_name)

    fixture.__name__ = role_name
    fixture.__doc__ = f"The implementation's {role_name!r} role (not implemented: the spec is reported so)."
    return pytest.fixture(name=role_name)(fixture)


for _name in all_roles():
    globals()[f"_role_{_name}"] = _role_fixture(_name)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    ids = claim_ids_of(item)
    if ids:
        report.user_properties.append(("claims", ids))
        report.user_properties.append(("roles", roles_of(item)))
    if report.failed and report.when == "call" and item.config.getoption("repro") and _is_spec(item):
        example = replay.example_of(item)
        if example is not None:
            report.user_properties.append(("example", example))  # plain strings: --repro's input
    if call.excinfo is not None and report.failed:
        violated = [i for i in violated_claims(call.excinfo.value) if i in ids]
        if violated:
            report.user_properties.append(("violated", violated))
        if call.excinfo.errisinstance(pacing.SearchTimeout):
            report.user_properties.append(("out_of_time", True))  # an error: the search, not the student, ran out


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    """Where the spec runs (its child): its search is paced against its timeout, and a failing
    example's arguments are kept for --repro."""
    if not _is_spec(item):
        return
    pacing.watch(getattr(item, "obj", None), getattr(_timeout_settings(item), "timeout", None))
    if item.config.getoption("repro"):
        replay.record(item)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item, settings):
    """In the parent of an isolated spec, only note the timeout: the alarm belongs in the child
    (alarms do not survive fork), and the parent enforces a hard deadline of its own."""
    if isolation.IN_CHILD or not _isolated(item):
        return None
    item._specs_timeout = settings
    return True


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_cancel_timer(item):
    if isolation.IN_CHILD or not _isolated(item):
        return None
    return True


def _isolated(item):
    wanted = _is_spec(item) or item.get_closest_marker("spec_conditions") is not None
    return item.config.getoption("isolation") == "fork" and wanted


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    if not _isolated(item):
        return None
    exclusive = item.get_closest_marker("cpu_exclusive") is not None
    ihook = item.ihook
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    missing = _all_roles_missing(item)
    if missing:
        reports = _not_implemented_reports(item, missing)
    elif exclusive:
        keep = nextitem is not None and nextitem.get_closest_marker("cpu_exclusive") is not None
        with isolation.cpu_turnstile(item.config, exclusive, keep=keep):
            child = isolation.SpecChild(item, getattr(item, "_specs_timeout", None), timing=True)
            reports = _judged_again_while_out_of_time(item, child.reports(), timing=True)
            _trace(item, exclusive, child.started_wall, time.time())
    else:
        with isolation.cpu_turnstile(item.config, exclusive, keep=lambda: bool(AHEAD)):
            child = AHEAD.pop(item.nodeid, None) or isolation.SpecChild(item, getattr(item, "_specs_timeout", None))
            _start_ahead(item, nextitem)
            reports = _judged_again_while_out_of_time(item, child.reports())
            _trace(item, exclusive, child.started_wall, time.time())
    for report in reports:
        ihook.pytest_runtest_logreport(report=report)
    # The item ran in a child; fixtures this process set up for earlier items (run here, not
    # isolated) go when the next item no longer needs them, as pytest's own protocol does.
    item.session._setupstate.teardown_exact(nextitem)
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


# A spec whose search ran out of time while its examples passed (pacing) was not decided: it is judged
# again from its first example, its timeout doubled, up to twice (4x the budget in all). A loaded
# machine then costs time, not a verdict; a search that runs out even then is an error, never a fail.
SEARCH_RETRIES = 2


def _judged_again_while_out_of_time(item, reports, timing=False):
    settings = getattr(item, "_specs_timeout", None)
    for _ in range(SEARCH_RETRIES):
        if settings is None or not any(report_ran_out_of_time(r) for r in reports):
            break
        settings = settings._replace(timeout=2 * settings.timeout)
        reports = isolation.SpecChild(item, settings, timing=timing).reports()
    return reports


# Ordinary specs mostly wait, so a run starts some ahead of their turn, in children of their own
# beside the current one, until it has SPECS_AT_ONCE specs at once (default: three per core;
# `pytest specs -n 0` on two cores took 117 s one at a time, 65 s four at a time, 60 s with six
# and with eight). Timing specs are never started ahead, and nothing is started past one: a timing
# spec still runs alone. Reports are made in the items' order. Runs that share a turnstile
# (SPECS_TURNSTILE: batch grading, the suite's own tests) already run side by side: they start
# nothing ahead unless SPECS_AT_ONCE says so.
AHEAD = {}  # nodeid -> the SpecChild of a spec started ahead of its turn


def _ahead_depth(config):
    chosen = os.environ.get("SPECS_AT_ONCE")
    if not chosen and os.environ.get("SPECS_TURNSTILE"):
        return 0
    at_once = int(chosen or 3 * (os.cpu_count() or 1))
    worker = getattr(config, "workerinput", None)
    if worker is None:
        return max(0, at_once - 1)
    # each worker its share; it knows only its next item
    return min(1, max(0, at_once // int(worker.get("workercount", 1)) - 1))


def _upcoming(item, nextitem):
    """The items this process runs after `item`, in order, as far as it knows them."""
    if hasattr(item.config, "workerinput"):
        return [nextitem] if nextitem is not None else []
    items = item.session.items
    index = getattr(item.session, "_specs_index", None)
    if index is None or len(index) != len(items):
        index = item.session._specs_index = {id(it): i for i, it in enumerate(items)}
    i = index.get(id(item))
    return [] if i is None else items[i + 1:]


def _start_ahead(item, nextitem):
    depth = _ahead_depth(item.config)
    if depth == 0 or isolation.others_wait_at_turnstile():
        return  # (a timing spec waits for the CPUs: let them drain)
    for upcoming in _upcoming(item, nextitem)[: 4 * depth]:
        if len(AHEAD) >= depth:
            return
        if not (_isolated(upcoming) and _is_spec(upcoming)) or upcoming.get_closest_marker("cpu_exclusive") is not None:
            return
        if upcoming.nodeid in AHEAD or _all_roles_missing(upcoming):
            continue
        try:
            AHEAD[upcoming.nodeid] = isolation.SpecChild(upcoming, _timeout_settings(upcoming))
        except OSError:  # no fork now (a process limit, memory): it runs at its turn, as before
            return


def _timeout_settings(item):
    """What pytest-timeout would hand the item at its turn (None: no timeout of its own)."""
    plugin = item.config.pluginmanager.get_plugin("timeout")
    try:
        settings = plugin._get_item_settings(item)
    except Exception:  # the plugin is off, or changed: the child gets the default budget
        return None
    return settings if settings.timeout and settings.func_only is False else None


def _all_roles_missing(item):
    """A spec of roles the package provides none of: the first it asks for would skip it, so it is
    reported not implemented here, without a child, a subject or a turn at the CPUs."""
    implementation = getattr(item.config, "_specs_impl", None)
    roles = roles_of(item) if implementation is not None and _is_spec(item) else []
    if roles and not any(implementation.provides(name) for name in roles):
        return roles[0]
    return None


def _not_implemented_reports(item, role_name):
    """The reports of a spec skipped at setup, made by pytest's own hooks, as its child would."""
    from _pytest.runner import CallInfo

    reason = item.config._specs_impl.missing_reason(role_name)
    reports = []
    for when, func in (("setup", lambda: pytest.skip(reason)), ("teardown", lambda: None)):
        call = CallInfo.from_call(func, when=when)
        reports.append(item.ihook.pytest_runtest_makereport(item=item, call=call))
    path, line, _ = item.reportinfo()
    reports[0].longrepr = (str(path), (line or 0) + 1, reports[0].longrepr[2])  # -rs names the spec, not this hook
    return reports


def _trace(item, exclusive, started, ended, abandoned=False):
    """With SPECS_TRACE=path, append one JSON line per isolated spec: lets a test check that
    timing specs never ran beside another spec under xdist."""
    path = os.environ.get("SPECS_TRACE")
    if path:
        line = json.dumps({"nodeid": item.nodeid, "exclusive": exclusive, "start": started, "end": ended, "abandoned": abandoned})
        with open(path, "a") as f:
            f.write(line + "\n")


def pytest_runtest_logreport(report):
    if _BOOK:
        _BOOK[0].add(report)


_BOOK = []  # the ClaimBook of this pytest process (hooks on reports get no config)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if hasattr(config, "workerinput") or not hasattr(config, "_specs_book"):
        return
    if config._specs_book.verdicts():
        terminalreporter.write_sep("=", "claims")
        config._specs_book.render_table(terminalreporter.write_line, config._specs_impl.name, report_lang(config),
                                         ids=config.option.verbose > 0)


def report_lang(config):
    """--lang, else the environment's locale (messages.lang_from_env)."""
    return config.getoption("lang", None) or messages.lang_from_env(os.environ)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist, in the controller: note the run's id, to remove its workers' turnstile at the end."""
    node.config._specs_turnstiles = getattr(node.config, "_specs_turnstiles", set()) | {node.workerinput["testrunuid"]}


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    while AHEAD:  # specs started ahead that will not get their turn (-x, an interrupted run)
        child = AHEAD.popitem()[1]
        child.abandon()
        _trace(child.item, False, child.started_wall, time.time(), abandoned=True)
    isolation.release_turnstile()  # a run stopped (-x, a timeout) in the middle of its timing specs
    for testrunuid in getattr(config, "_specs_turnstiles", ()):
        isolation.remove_turnstile(isolation.run_turnstile(testrunuid))
    folder = config.getoption("repro")
    if folder and not hasattr(config, "workerinput") and hasattr(config, "_specs_book"):
        book = config._specs_book
        gevent_roles = {name for name, role in all_roles().items() if role.runs_in == "gevent"}
        book.repro = {claim_id: str(path) for claim_id, path in replay.write_all(
            folder, book.verdicts(), book.examples, config._specs_impl.origin, gevent_roles,
            profile=_profile_name(config)).items()}
    path = config.getoption("claims_report")
    if path and not hasattr(config, "workerinput") and hasattr(config, "_specs_book"):
        config._specs_book.write_json(path, config._specs_impl.name, config._specs_impl.containment)
