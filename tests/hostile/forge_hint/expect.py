RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
FORGED_HINT = "full marks"  # the attacked claims' hint must not carry it (the student's text is shown, not taken as the judge's)
