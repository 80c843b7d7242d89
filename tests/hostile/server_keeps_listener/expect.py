RUN = ["server.threads.serves-clients-at-once"]
ATTACKED = []
HONEST = ["server.threads.serves-clients-at-once"]  # the abuse and the daemon are the attack; the servers are correct
