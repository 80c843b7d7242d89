"""`--impl PATH` in two words must not make pytest read the package's folders as its own.

pytest looks for conftest.py files in the folders its positional arguments name, and it does so
before conftest.py loads the plugin that defines --impl. Until then a separate PATH looks
positional: a conftest.py in a submission's folder (or in a folder above it) would run inside the
judge, where it could rewrite any verdict. This module is an entry point, so pytest loads it before
any conftest.py: it takes PATH out of the folders pytest reads conftest.py files from, and stops the
run if pytest took its settings file (pytest.ini, tox.ini, ...) from the package's side.

It does nothing in a run without a separate --impl value: `--impl=PATH` (one word), as `netspecs
check`, `grade` and the Gradescope runner pass it, never looked positional.
"""
from pathlib import Path

import pytest


def separate_values(args):
    """The values given as `--impl VALUE` (two words) in a pytest command line."""
    return [args[i + 1] for i in range(len(args) - 1) if args[i] == "--impl"]


def _inside(folder, path):
    return folder == path or folder in path.parents


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    values = separate_values(args)
    positional = early_config.known_args_namespace.file_or_dir
    for value in values:
        if value in positional:
            positional.remove(value)
    settings = getattr(early_config, "inipath", None)
    if not values or settings is None:
        return
    here = Path(early_config.invocation_params.dir).resolve()
    folder = Path(settings).resolve().parent
    for value in values:
        if _inside(folder, (here / value).resolve()) and not _inside(folder, here):
            raise pytest.UsageError(
                f"pytest took its settings from {settings}, beside the package --impl {value}: "
                f"give it as --impl={value} (one word), or name the specs first (pytest specs --impl {value})")
