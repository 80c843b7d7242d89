"""The suite's own tests. Those that run whole `pytest specs` sessions in subprocesses are marked
`slow`: the tox matrix skips them (`-m "not slow"`), the README's test command runs everything."""
import pytest

SLOW_MODULES = {
    "test_known_bad",
    "test_containment",
    "test_leaks",
    "test_reports",
    "test_grading",
    "test_starter_kit",
    "test_timing_isolation",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
