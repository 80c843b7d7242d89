"""Chinese of the claims in specs/catalogue/locks.py (线程资源争夺, 互斥锁)."""

ZH = {
    "race.update-is-read-modify-write": {
        "statement": "对共享的变量、属性或列表元素做 var += i 或 var -= i 这样的更新，不是一个不可分割的操作：它被编译成几条独立的指令，"
                     "分别读取旧值、计算、写入新值，另一个线程可能在这些指令之间运行。",
    },
    "race.lost-update-needs-a-switch": {
        "statement": "多个线程不加锁地更新一个共享计数器，恰好在某个线程读取之后、写入之前另一个线程写入了计数器时，才会丢失一次更新；"
                     "在没有这种切换的调度下，结果是准确的。两个线程加上一次位置不当的切换就足以出错。",
        "note": "教程说不加同步的线程会得到不可预测的结果。这需要在读和写之间发生线程切换，而切换多频繁取决于解释器："
                "两个线程各做一百万次普通的 var += i / var -= i，在 CPython 3.10-3.13 上从未丢失更新（各运行 5 次，默认和极小的切换间隔），"
                "因为这些版本只在函数调用和向后跳转处切换线程；3.9 每次都丢失更新；在读-改-写中间加一个 Python 函数调用，"
                "3.11 和 3.13 每次都丢失更新。所以测试不靠运气：一个确定性的探索器按 Hypothesis 选定的顺序执行各线程的读和写；"
                "另外，两个真实线程更新一个普通属性，其中一个被事件停在读和写之间，在解释器本身上就会丢掉另一个线程的更新。",
    },
    "lock.counter-exact-with-lock": {
        "statement": "只要每个线程从读取共享值之前到写回之后一直持有同一把锁，在任何调度下都不会丢失更新：教程的程序"
                     "（一个线程加 i，一个线程减 i）结束时的值等于开始时的值，不论线程数和循环次数是多少。",
    },
    "lock.released-when-update-raises": {
        "statement": "为更新而获取的锁，即使更新抛出异常也必须释放：用 `with lock:` 或 try/finally 就会释放；"
                     "而像教程那样只写一对 acquire() ... release()，中间一旦抛出异常，锁就一直被占着，其他线程都会永远等待它。",
        "note": "教程的 acquire()/release() 写法只在更新不会抛出异常时才能保护它；测试让共享值在读或写时抛出异常，并要求之后锁是空闲的。",
    },
    "lock.mutual-exclusion": {
        "statement": "一个线程持有 threading.Lock 期间，另一个线程的 acquire() 会一直等到持有者释放它。",
    },
    "lock.release-unheld-raises": {
        "statement": "释放一个没有被持有的 threading.Lock（从未获取过，或者释放了两次）会抛出 RuntimeError。",
        "note": "教程没有提到；这是它成对使用 acquire()/release() 的写法容易引出的误用。",
    },
    "lock.not-reentrant": {
        "statement": "threading.Lock 不可重入：持有它的线程再次获取它会永远等待（带超时的 acquire 返回 False）；"
                     "threading.RLock 允许它的持有者再次获取。",
        "note": "教程没有提到；这是它成对使用 acquire()/release() 的写法容易引出的误用（持有锁时又调用一个会加锁的辅助函数）。",
    },
}
