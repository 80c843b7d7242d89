RUN = ["pool.mypool.reuses-at-most-n-threads"]
ATTACKED = ["pool.mypool.reuses-at-most-n-threads"]
