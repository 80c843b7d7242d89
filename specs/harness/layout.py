"""Where the tool's parts are, in a checkout (`specs/`, `impl/` beside it) and installed (the
package `netspecs`, with the reference as `netspecs/impl` in the instructor's edition only).

The specs import one another relatively, so the same files work under either name; anything that
names a module in a string (a child interpreter's ``-m``, an import by name) asks here.
"""
from pathlib import Path

PACKAGE = __name__.split(".")[0]  # "specs" in a checkout, "netspecs" installed
SPECS_DIR = Path(__file__).resolve().parents[1]
IMPORT_ROOT = SPECS_DIR.parent  # the folder to put on sys.path to import PACKAGE
# a checkout: the project's own files around specs/ (its pytest settings, conftest.py, impl/)
CHECKOUT = IMPORT_ROOT if (IMPORT_ROOT / "conftest.py").is_file() and (IMPORT_ROOT / "pyproject.toml").is_file() else None
# the reference implementation: the checkout's impl/, or the instructor's edition's netspecs/impl;
# the student edition has none
_REFERENCE = (CHECKOUT or SPECS_DIR) / "impl"
REFERENCE = _REFERENCE if (_REFERENCE / "__init__.py").is_file() else None
# what a user types to run the tool: the installed command, or the checkout's module
COMMAND = "python -m specs" if PACKAGE == "specs" else "netspecs"
INSTALLED_INI = SPECS_DIR / "netspecs.ini"  # pytest settings of an installed run (a checkout uses pyproject.toml)


def module(name):
    """The full name of one of the tool's modules: module("harness.fresh") -> "netspecs.harness.fresh"."""
    return f"{PACKAGE}.{name}"


def pytest_run(*args):
    """(argv, cwd) of a pytest run of the specs with args: in a checkout, `pytest specs` in it (its
    conftest.py and settings); installed, the package's own settings file, whatever folder this is
    called from (never a project's pytest settings or conftest.py that happen to lie above)."""
    if CHECKOUT:
        return [str(SPECS_DIR), *args], str(CHECKOUT)
    settings = ["-c", str(INSTALLED_INI), "--rootdir", str(IMPORT_ROOT), "--confcutdir", str(SPECS_DIR), "-p", "no:cacheprovider"]
    return [str(SPECS_DIR), *settings, *args], None
