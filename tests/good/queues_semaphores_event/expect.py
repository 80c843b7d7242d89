ROLES = ["MyQueue", "queue_producer", "queue_consumer", "locked_add"]
