"""线程的通信: lost updates between threads (线程资源争夺) and the mutex that prevents them (互斥锁)."""
from ..harness.claims import Claim
from ..harness.contract import Role

CH = "线程的通信"

CLAIMS = [
    Claim(
        id="race.update-is-read-modify-write",
        chapter=CH,
        section="线程资源争夺",
        statement=(
            "An update such as var += i or var -= i on a shared variable, attribute or list item is not one "
            "indivisible operation: it compiles to separate instructions that read the old value, compute, and "
            "write the new value, and another thread may run between them."
        ),
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="race.lost-update-needs-a-switch",
        chapter=CH,
        section="线程资源争夺",
        statement=(
            "Threads updating a shared counter without a lock lose an update exactly when another thread writes "
            "the counter between one thread's read and its write; on a schedule without such a switch the result "
            "is exact. Two threads and one badly placed switch are enough."
        ),
        verdict="refined",
        note=(
            "The tutorial says unsynchronised threads give unpredictable results. That needs a thread switch "
            "between the read and the write, and how often one happens depends on the interpreter: two threads "
            "doing a plain var += i / var -= i a million times never lost an update on CPython 3.10-3.13 (5 runs "
            "each, default and tiny switch interval), because those versions switch threads only at function "
            "calls and backward jumps; 3.9 lost updates every run; with a Python function call inside the "
            "read-modify-write, 3.11 and 3.13 lost updates every run. So the spec does not rely on luck: a "
            "deterministic explorer runs the threads' reads and writes in an order Hypothesis picks, and two "
            "real threads updating a plain attribute, one held by events between its read and its write, lose "
            "the other's update on the interpreter itself."
        ),
    ),
    Claim(
        id="lock.counter-exact-with-lock",
        chapter=CH,
        section="互斥锁",
        statement=(
            "When every thread holds the same lock from before it reads the shared value until after it has "
            "written it back, no update is lost on any schedule: the tutorial's program (one thread adding i, one "
            "subtracting i) ends with the value it started with, whatever the number of threads and iterations."
        ),
        verdict="holds",
    ),
    Claim(
        id="lock.released-when-update-raises",
        chapter=CH,
        section="互斥锁",
        statement=(
            "A lock taken for an update must be released even when the update raises: with `with lock:` or "
            "try/finally it is; with a bare acquire() ... release() pair, as the tutorial writes it, an exception "
            "in between leaves the lock held and every other thread then waits for it forever."
        ),
        verdict="refined",
        note=(
            "The tutorial's acquire()/release() pair protects the update only while the update cannot raise; "
            "the spec makes the shared value raise on read or write and requires the lock to be free afterwards."
        ),
    ),
    Claim(
        id="lock.mutual-exclusion",
        chapter=CH,
        section="互斥锁",
        statement="While one thread holds a threading.Lock, acquire() in another thread waits until the holder releases it.",
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="lock.release-unheld-raises",
        chapter=CH,
        section="互斥锁",
        statement="Releasing a threading.Lock that is not held (never acquired, or released twice) raises RuntimeError.",
        verdict="holds",
        kind="fact",
        note="Not in the tutorial; a misuse its paired acquire()/release() style invites.",
    ),
    Claim(
        id="lock.not-reentrant",
        chapter=CH,
        section="互斥锁",
        statement=(
            "A threading.Lock is not reentrant: a thread that holds it and acquires it again would wait forever "
            "(acquire with a timeout returns False); a threading.RLock lets its owner acquire it again."
        ),
        verdict="holds",
        kind="fact",
        note="Not in the tutorial; a misuse its paired acquire()/release() style invites (calling a locked helper while holding the lock).",
    ),
]

ROLES = [
    Role(
        name="locked_add",
        signature="locked_add(shared, lock, amount)",
        summary=(
            "The body of the tutorial's counter threads, corrected: add `amount` (negative to subtract) to "
            "`shared.value` while holding `lock`, and release the lock even if reading or writing raises. The "
            "specs pass a shared object whose reads and writes may switch threads, and may pass a lock of their own."
        ),
        params=("shared", "lock", "amount"),
    ),
]
