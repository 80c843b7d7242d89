"""Loads the specs harness for every pytest run in this project."""
pytest_plugins = ["specs.harness.plugin"]
