RUN = ["prodcons."]
MUST_FAIL = ["prodcons.threads.every-item-consumed-once"]
MUST_PASS = ["prodcons.threads.one-consumer-keeps-order", "prodcons.threads.producer-waits-when-full"]
HINTS = {"prodcons.threads.every-item-consumed-once": "call q.task_done() once for every item got"}
