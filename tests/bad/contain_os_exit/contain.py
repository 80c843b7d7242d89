"""What tests/test_containment.py expects of this package (not expect.py: it is no claim's evidence)."""
BEHAVIOUR = "os._exit()"
REASON = "exited early with code 0"
