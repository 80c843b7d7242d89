"""Not an attack: a classmate's honest submission, in the same folder as read_classmate (the way a
class's submissions sit side by side). read_classmate tries to copy it."""
import queue


class MyQueue(queue.Queue):
    """A correct MyQueue: queue.Queue's own semantics."""
