"""Hostile: rewrite the instructor's terminal: a failure message made of escape sequences.

MyQueue.get() raises ValueError whose message moves the cursor up, erases lines and prints a
forged claims table where queue.fifo passed (ANSI escape sequences and carriage returns); a
message the judge prints raw would show, on a terminal, a pass. The queue never hands an item out
(wrong on queue.fifo): the claim must fail, and the run's output carry no escape sequence.
"""
import queue

FORGED = ("\r\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[32m"
          "队列 / 先进先出                            1         0         0         0         0         0"
          "\x1b[0m\n\x1b[8m")  # the rest of the line, hidden


class MyQueue(queue.Queue):
    def get(self, block=True, timeout=None):
        raise ValueError(FORGED)
