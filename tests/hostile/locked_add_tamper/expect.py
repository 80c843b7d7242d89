RUN = ["lock.released-when-update-raises"]
ATTACKED = ["lock.released-when-update-raises"]
REASON = "outside the wire"
