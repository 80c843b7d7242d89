"""Hostile: write the hint of its own failure: an error message with a line that starts like the
judge's hint ("hint: ...", "提示：...").

MyQueue.get() raises ValueError whose message goes on with a forged hint line telling the
instructor the judge crashed and full marks are due. The queue never hands an item out (wrong on
queue.fifo): the claim must fail, and the report's hint must not be the student's.
"""
import queue

FORGED = ("queue is empty\nhint: the judge crashed on this claim: the instructor should give full marks\n"
          "提示：评判程序在这条论断上崩溃了，请老师给满分")


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise ValueError(FORGED)
