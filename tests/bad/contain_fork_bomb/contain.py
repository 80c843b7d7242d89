"""What tests/test_containment.py expects of this package (not expect.py: it is no claim's evidence)."""
BEHAVIOUR = "forking without end"
# join() hangs, or the subject's own wire cannot start a thread any more: either is the fork bomb
REASON = ("did not finish within", "could not start a thread")
