"""Executable specification of the tutorial's claims (see README.md)."""
