RUN = ["pool.mypool.reuses-at-most-n-threads"]
ATTACKED = ["pool.mypool.reuses-at-most-n-threads"]
GAP = ("the judge believes the caller description the subject writes into every request (the wire's 'caller' "
       "field): setting the stub peer's _describe_self from a role call makes a thread per task pass "
       "reuses-at-most-n-threads")
