RUN = ["prodcons.threads.every-item-consumed-once"]
ATTACKED = ["prodcons.threads.every-item-consumed-once"]
ARGS = ["--timeout", "8"]
