"""The reference implementation: the tutorial's programs, corrected.

Each role of the contract (CONTRACT.md) is a top-level name of this package: every submodule
lists the roles it provides in __all__, and they are re-exported here. Submodules import gevent
only inside the functions that need it, so importing this package patches nothing.
"""
import importlib as _importlib
import pkgutil as _pkgutil

for _info in _pkgutil.iter_modules(__path__):
    _module = _importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_module, "__all__", ()):
        globals()[_name] = getattr(_module, _name)
