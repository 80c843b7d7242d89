"""The tool as a user installs it: the wheels' contents, and the netspecs command, the pytest
plugin and the Gradescope entry point run from a folder that is not the checkout."""
import hashlib
import json
import subprocess
import sys
import zipfile

import pytest

from specs.harness import editions
from specs.harness.claims import catalogue_by_id
from tests.helpers import BAD, ROOT, clean_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheels")
    return {edition: editions.build_wheel(out, edition) for edition in editions.EDITIONS}


@pytest.fixture(scope="module")
def installed(wheels, tmp_path_factory):
    """edition -> the folder its wheel is installed in (pip --target: importable with PYTHONPATH)."""
    folders = {}
    for edition, wheel in wheels.items():
        target = tmp_path_factory.mktemp(f"site-{edition}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                       check=True, capture_output=True, timeout=300)
        folders[edition] = target
    return folders


def run(installed_in, args, cwd, timeout=300):
    env = dict(clean_env(), PYTHONPATH=str(installed_in))
    assert not str(cwd).startswith(str(ROOT)), "a user's folder, not the checkout"
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _digests(files):
    return {hashlib.sha256(data).hexdigest() for data in files if data.strip()}


def test_the_student_edition_holds_no_reference_implementation(wheels):
    reference = _digests(p.read_bytes() for p in (ROOT / "impl").rglob("*.py"))
    for edition, wheel in wheels.items():
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            shipped = _digests(archive.read(n) for n in names)
        by_name = [n for n in names if n.startswith("netspecs/impl/")]
        by_content = reference & shipped
        if edition == "student":
            assert not by_name and not by_content, f"the student wheel holds the reference: {by_name}"
            assert {"netspecs/harness/plugin.py", "netspecs/harness/starter.py", "netspecs/harness/subject.py"} <= set(names)
            assert any(n.endswith("/CONTRACT.md") for n in names) and any(n.endswith("/INSTRUCTORS.md") for n in names)
        else:  # the same checks see it where it belongs
            assert by_name and by_content == reference
        # the guard pytest loads before any conftest.py (a package's own must never be loaded)
        with zipfile.ZipFile(wheel) as archive:
            entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
        assert "netspecs_impl_option = netspecs.impl_option" in entry_points and "netspecs/impl_option.py" in names


def test_an_installed_check_judges_a_package_from_any_folder(installed, tmp_path):
    done = run(installed["student"], [sys.executable, "-m", "netspecs", "check", str(BAD / "queue_lifo"),
                                      "--claim", "queue.fifo", "--claims-report", "report.json"], cwd=tmp_path)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "FAIL: queue.fifo" in done.stdout
    rows = {row["id"]: row for row in json.loads((tmp_path / "report.json").read_text())["claims"]}
    assert rows["queue.fifo"]["outcome"] == "fail"


def test_the_student_edition_asks_for_the_package_in_one_line(installed, tmp_path):
    done = run(installed["student"], [sys.executable, "-m", "netspecs", "check", "--claim", "queue.fifo"], cwd=tmp_path)
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 4 and errors == ["ERROR: give the package to judge: --impl PATH (this edition has no reference implementation)"], done.stderr


def test_pytest_pyargs_judges_the_instructors_reference(installed, tmp_path):
    done = run(installed["instructor"], [sys.executable, "-m", "pytest", "--pyargs", "netspecs", "--claim", "queue.fifo",
                                         "-p", "no:cacheprovider"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "netspecs: judging impl" in done.stdout and "passed" in done.stdout.splitlines()[-1]


def test_the_netspecs_command_is_installed(installed, tmp_path):
    done = run(installed["student"], [str(installed["student"] / "bin" / "netspecs"), "catalog", "--json"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in json.loads(done.stdout)] == list(catalogue_by_id())


def test_an_unrelated_pytest_run_is_left_alone(installed, tmp_path):
    (tmp_path / "test_other.py").write_text("def test_other():\n    assert True\n")
    done = run(installed["instructor"], [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "1 passed" in done.stdout and "netspecs:" not in done.stdout and "claims" not in done.stdout


def test_the_installed_gradescope_entry_point_writes_results(installed, tmp_path):
    submission = tmp_path / "submission"
    (submission / "queue_lifo").mkdir(parents=True)
    (submission / "queue_lifo" / "__init__.py").write_bytes((BAD / "queue_lifo" / "__init__.py").read_bytes())
    (tmp_path / "rubric.toml").write_text('claims = ["queue.fifo"]\n')
    done = run(installed["student"], [sys.executable, "-m", "netspecs.harness.gradescope", "run", "--submission", str(submission),
                                      "--results", "results.json", "--rubric", "rubric.toml"], cwd=tmp_path)
    results = json.loads((tmp_path / "results.json").read_text())
    assert [(t["name"].split(":")[0], t["status"]) for t in results["tests"]] == [("queue.fifo", "failed")], done.stdout[-2000:]
    assert results["score"] == 0
