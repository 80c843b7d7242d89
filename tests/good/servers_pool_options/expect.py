ROLES = ["serve_thread_pool"]
