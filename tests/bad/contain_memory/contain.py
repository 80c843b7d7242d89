"""What tests/test_containment.py expects of this package (not expect.py: it is no claim's evidence)."""
BEHAVIOUR = "allocating without end"
REASON = "ran out of memory"
ENV = {"SPECS_MEMORY_LIMIT_MB": "1024"}  # reached in well under a second, so a slow machine still sees MemoryError before the timeout
TIMEOUT = 10  # zero-filling a gigabyte can take seconds on a loaded machine
