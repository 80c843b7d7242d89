RUN = ["server.threads.serves-clients-at-once"]
ATTACKED = ["server.threads.serves-clients-at-once"]
ORACLE = True
