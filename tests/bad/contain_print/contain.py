"""What tests/test_containment.py expects of this package (not expect.py: it is no claim's evidence)."""
BEHAVIOUR = "printing megabytes"
REASON = "MB of output"
ENV = {"SPECS_OUTPUT_LIMIT_MB": "16"}  # reached at once, so the flood ends in EFBIG before the timeout
TIMEOUT = 10  # writing 16 MB through the capture can take seconds on a loaded machine
