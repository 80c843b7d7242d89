ROLES = ["serve_iterative", "serve_thread_per_connection", "serve_thread_pool", "serve_process_pool", "serve_polling",
         "serve_select", "serve_epoll", "serve_asyncio", "serve_gevent"]
