RUN = ["queue.fifo"]
ATTACKED = ["queue.fifo"]
CLEAN_OUTPUT = True
GAP = ("student text reaches the terminal raw: the escape sequences in a role's exception message are printed "
       "as they are in pytest's failure section and short summary (after the claims table), so on a terminal "
       "a failing package can erase lines and print a forged table row where queue.fifo passed (the JSON report "
       "stays right); control characters from the subject are not neutralised")
