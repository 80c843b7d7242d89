RUN = ["prodcons."]
MUST_FAIL = ["prodcons.threads.producer-waits-when-full", "prodcons.threads.every-item-consumed-once"]
MUST_PASS = ["prodcons.threads.one-consumer-keeps-order"]
