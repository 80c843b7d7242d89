def serve_iterative(listener)
    pass
