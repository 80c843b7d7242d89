"""The reference implementation: the tutorial's programs, corrected.

Each role of the contract (CONTRACT.md) is a top-level name of this package.
"""
from impl.servers import serve_iterative, serve_thread_pool
from impl.queues import MyQueue
from impl.workers import MyPool, MyThread
