"""gevent's monkey patching never reaches the pytest process.

The gevent specs run their gevent code in fresh interpreters (specs.harness.fresh). Here they run
with --isolation none, so every spec executes inside one pytest process, itself started by a
small script that notes the standard library's blocking functions before the run and compares
them after it: each must still be the original object, and gevent must not even be imported.
"""
import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT

WATCHED = {
    "socket": ["socket", "socketpair", "create_connection", "getaddrinfo"],
    "time": ["sleep"],
    "select": ["select", "poll", "epoll"],
    "threading": ["Thread", "Lock", "RLock", "Event", "Condition", "Semaphore", "get_ident", "local"],
    "_thread": ["start_new_thread", "allocate_lock", "get_ident"],
    "queue": ["Queue", "SimpleQueue"],
    "os": ["fork", "waitpid", "read", "write"],
    "subprocess": ["Popen"],
    "signal": ["signal"],
}

SCRIPT = r"""
import importlib, json, sys
watched = json.loads(sys.argv[1])
def snapshot():
    return {f"{m}.{n}": id(getattr(importlib.import_module(m), n, None)) for m, names in watched.items() for n in names}
keep = {f"{m}.{n}": getattr(importlib.import_module(m), n, None) for m, names in watched.items() for n in names}
before = snapshot()
import pytest
code = pytest.main(sys.argv[2:])
after = snapshot()
changed = sorted(k for k in before if before[k] != after[k])
print("CONTAINMENT " + json.dumps({"code": int(code), "changed": changed, "gevent_imported": sorted(m for m in sys.modules if m == "gevent" or m.startswith("gevent."))}))
"""


@pytest.mark.timeout(600)
def test_gevent_specs_leave_the_pytest_process_unpatched():
    args = [
        "specs/test_gevent.py", "specs/test_coroutines.py",
        # the other specs that run gevent code: its JoinableQueue, and the gevent server (the
        # behaviour specs; timing specs want a spec's child and priority, not --isolation none)
        "specs/test_queues.py::test_gevent_joinable_queue",
        "specs/test_pool_servers.py::test_every_byte_comes_back_in_order[serve_gevent]",
        "specs/test_pool_servers.py::test_server_closes_after_client_half_closes[serve_gevent]",
        "specs/test_server_models.py::test_a_client_is_answered_while_others_hold_their_connections[serve_gevent]",
        "--isolation", "none", "-p", "no:cacheprovider", "-q", "--no-header", "-p", "no:xdist",
    ]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(WATCHED), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=540,
    )
    lines = [l for l in done.stdout.splitlines() if l.startswith("CONTAINMENT ")]
    assert lines, f"the run did not finish:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    result = json.loads(lines[-1][len("CONTAINMENT "):])
    assert result["code"] == 0, f"the gevent specs should pass in-process too:\n{done.stdout[-3000:]}"
    assert result["changed"] == [], f"after the gevent specs, these are no longer the originals: {result['changed']}"
    assert result["gevent_imported"] == [], f"the pytest process imported gevent: {result['gevent_imported']}"
