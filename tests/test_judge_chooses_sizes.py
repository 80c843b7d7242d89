"""Contract: where a number is incidental (a pool's size), the judge chooses it and passes it, so
a correct server sized otherwise is not failed for the tutorial's constant; where the role gives
the judge no say, the message says which size it was judged by."""
import pytest

from tests.helpers import run_specs

POOL_SERVER = '''
from multiprocessing.pool import ThreadPool


def _echo(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


def serve_thread_pool(listener{extra}):
    with ThreadPool({size}) as pool:
        while True:
            conn, _ = listener.accept()
            pool.apply_async(_echo, (conn,))
'''
CLAIMS = ["server.thread-pool.bounded-by-workers", "server.threads.serves-clients-at-once"]


def _judge(tmp_path, name, extra, size):
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text(POOL_SERVER.format(extra=extra, size=size))
    done, rows = run_specs(impl=package, claims=CLAIMS, tmp_path=tmp_path, timeout=300)
    assert rows is not None, done.stdout[-3000:] + done.stderr[-3000:]
    return {c: (rows[c]["subjects"].get("serve_thread_pool"), rows[c]["message"]) for c in CLAIMS}


@pytest.mark.slow
def test_a_pool_of_128_workers_that_takes_workers_is_judged_by_the_number_passed(tmp_path):
    verdicts = _judge(tmp_path, "pool128_sized", ", workers=128", "workers")
    assert verdicts["server.thread-pool.bounded-by-workers"][0] == "pass", verdicts
    assert verdicts["server.threads.serves-clients-at-once"][0] == "pass", verdicts


@pytest.mark.slow
def test_a_pool_of_128_workers_that_takes_no_workers_fails_naming_the_size_judged(tmp_path):
    verdicts = _judge(tmp_path, "pool128_fixed", "", 128)
    outcome, message = verdicts["server.thread-pool.bounded-by-workers"]
    assert outcome == "fail" and "takes no workers= for the judge to choose" in message, verdicts
    assert verdicts["server.threads.serves-clients-at-once"][0] == "pass", verdicts
