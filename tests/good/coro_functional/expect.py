ROLES = ["gen_producer", "gen_consumer", "greenlet_producer_consumer", "gevent_counter",
         "gevent_producer_consumer", "syn", "asy"]
