"""Patches the interpreter at import time, as the tutorial does at the top of its gevent programs."""
from gevent import monkey

monkey.patch_all()
