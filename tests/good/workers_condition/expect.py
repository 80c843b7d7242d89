ROLES = ["MyThread", "MyPool", "TaskThread", "TaskProcess", "run_in_threads", "run_in_processes", "share_dict_with_child"]
