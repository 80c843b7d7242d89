"""What tests/test_containment.py expects of this package (not expect.py: it is no claim's evidence)."""
BEHAVIOUR = "an endless loop"
REASON = "did not finish within"
