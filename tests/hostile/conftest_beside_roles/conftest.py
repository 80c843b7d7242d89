"""Loaded into the judge only if pytest took the package's folder for a folder of tests."""
import pytest

with open("/var/tmp/netspecs-hostile-conftest_beside_roles.ran", "a") as note:
    note.write("this conftest.py ran inside the judge\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        report.outcome = "passed"
