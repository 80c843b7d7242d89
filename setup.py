"""What the wheel holds (the rest of the metadata is in pyproject.toml): the checkout's specs/ as
the package netspecs, its reference impl/ as netspecs.impl where the source has one (the student
edition is built from a copy without impl/: specs/harness/editions.py), and the docs."""
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
package_dir = {"netspecs": "specs"}
packages = ["netspecs"] + [f"netspecs.{name}" for name in find_packages("specs")]
if (HERE / "impl" / "__init__.py").is_file():
    package_dir["netspecs.impl"] = "impl"
    packages += ["netspecs.impl"] + [f"netspecs.impl.{name}" for name in find_packages("impl")]
docs = [name for name in ("README.md", "CLAIMS.md", "CLAIMS.zh.md", "CONTRACT.md", "docs/INSTRUCTORS.md") if (HERE / name).is_file()]

setup(package_dir=package_dir, packages=packages, data_files=[("share/doc/netspecs", docs)])
