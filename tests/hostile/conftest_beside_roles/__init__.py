"""Hostile: a conftest.py beside the roles, for the judge's pytest to load as its own.

Given as `pytest specs --impl PATH` (two words), PATH looks like a folder of tests to pytest until
the plugin that defines --impl is loaded, and pytest loads the conftest.py files of such folders
into the judge. This one (conftest.py here) notes that it ran, in a file the test looks for, and
turns every failing spec into a pass. MyQueue is a stack (LIFO), wrong on queue.fifo: the claim
passes only if the conftest ran in the judge.
"""
import queue


class MyQueue(queue.LifoQueue):
    pass
