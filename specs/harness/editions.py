"""Build the tool's two wheels from a checkout.

- the instructor's edition: what `pip install .` installs, the reference implementation included
  (as ``netspecs.impl``, the default package to judge);
- the student edition: the specs, the harness, the starter kit and the docs, and no reference
  implementation at all (the answers). Judging needs ``--impl`` there.

    python -m specs wheel --edition student -o dist/

Each is built by pip from a clean copy of the checkout's sources (no build/ left over from an
earlier build can slip a file in); the student copy has no ``impl/``, and setup.py packages only
what the copy has.
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import layout

EDITIONS = ("student", "instructor")
SOURCES = ("pyproject.toml", "setup.py", "README.md", "CLAIMS.md", "CLAIMS.zh.md", "CONTRACT.md", "docs", "specs", "impl")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")


class BuildError(Exception):
    """The wheel could not be built; the message is one line for the user."""


def build_wheel(out_dir, edition="student"):
    """Build the edition's wheel into out_dir; returns its path."""
    if edition not in EDITIONS:
        raise BuildError(f"unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}")
    if layout.CHECKOUT is None:
        raise BuildError("wheels are built from a checkout of netspecs; this is an installed copy")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="netspecs-build-") as scratch:
        source = Path(scratch) / "netspecs"
        source.mkdir()
        for name in SOURCES:
            if edition == "student" and name == "impl":
                continue
            origin = layout.CHECKOUT / name
            if origin.is_dir():
                shutil.copytree(origin, source / name, ignore=SKIP)
            elif origin.is_file():
                shutil.copy2(origin, source / name)
        if edition == "student":
            _mark_version(source / "pyproject.toml", "+student")
        built = Path(scratch) / "wheel"
        cmd = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(built), str(source)]
        if _has_setuptools():
            cmd.insert(4, "--no-build-isolation")  # no download of setuptools when it is here
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        wheels = sorted(built.glob("netspecs-*.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no wheel"]
            raise BuildError(f"pip could not build the {edition} wheel: {tail[0]}")
        target = out_dir / wheels[0].name
        shutil.copy2(wheels[0], target)
    return target


def _mark_version(pyproject, local):
    """A local version label (0.1.0+student) tells the editions apart in `pip list` and file names."""
    text = pyproject.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("version = "):
            version = line.split("=", 1)[1].strip().strip('"')
            lines[i] = f'version = "{version}{local}"\n'
            break
    pyproject.write_text("".join(lines), encoding="utf-8")


def _has_setuptools():
    """setuptools 70.1+ builds wheels by itself; older ones need the wheel package too."""
    try:
        import setuptools
    except ImportError:
        return False
    try:
        version = tuple(int(part) for part in setuptools.__version__.split(".")[:2])
    except ValueError:
        return False
    if version >= (70, 1):
        return True
    import importlib.util

    return importlib.util.find_spec("wheel") is not None
