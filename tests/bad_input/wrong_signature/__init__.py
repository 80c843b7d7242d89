"""serve_iterative takes no listener."""


def serve_iterative():
    pass
