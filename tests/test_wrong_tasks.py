"""The process and thread specs' checks reject wrong statements of their claims (tests/rejections.py).

Each test states what the tutorial says, or a tempting mistake, and shows that the spec's own
check fails in the world where that statement would be true (one CPU instead of two, threads
instead of processes, code that never releases the GIL ...), or that what the runtime really does
contradicts it.
"""
import multiprocessing
import os
import signal
import threading
import time

import pytest

from specs import test_communication as comm
from specs import test_concurrency_parallelism as cp
from specs.harness.claims import ClaimViolation
from specs.harness.timing import assert_ratio
from tests.rejections import rejects

WAIT = 30.0


def violates(claim_id, check, *args, **kwargs):
    with pytest.raises(ClaimViolation) as caught:
        check(*args, **kwargs)
    assert caught.value.claim_id == claim_id, f"expected a violation of {claim_id}, got {caught.value.claim_id}: {caught.value}"


# --- 并发与并行, CPU的时间片 -----------------------------------------------------------------------


@rejects("parallel.concurrency.one-cpu-interleaves")
@pytest.mark.timeout(120)
def test_tasks_run_one_after_another_do_not_interleave():
    violates("parallel.concurrency.one-cpu-interleaves", cp.check_one_cpu, run=cp.run_one_after_another)


@rejects("parallel.parallelism.two-cpus-overlap")
@pytest.mark.timeout(120)
def test_two_tasks_one_after_another_are_not_parallel():
    violates("parallel.parallelism.two-cpus-overlap", cp.check_two_cpus, two_cpus=False)


@rejects("multitask.timeslice.one-cpu-only-concurrency")
@pytest.mark.timeout(120)
def test_one_cpu_does_not_run_two_busy_processes_in_the_time_of_one():
    cpu_seconds, wall = cp.check_one_cpu()
    # Taking the time of one would mean using about twice as much CPU as wall time passed.
    with pytest.raises(AssertionError):
        assert_ratio(cpu_seconds, wall, low=1.5, what="wrong: on one core, two processes run at the same time")


@rejects("multitask.timeslice.priority-weights-the-share")
@pytest.mark.timeout(120)
def test_equal_priorities_do_not_give_one_process_the_lion_share():
    with pytest.raises(AssertionError, match="normal priority"):
        cp.check_priority(lowest=os.getpriority(os.PRIO_PROCESS, 0))


# --- 进程, 多进程 ---------------------------------------------------------------------------------


@rejects("multitask.process.own-memory")
def test_a_thread_shares_memory_so_it_is_not_a_process():
    with pytest.raises(AssertionError, match="reached the parent"):
        cp.check_own_memory(1, 2, make=threading.Thread)


@rejects("multitask.processes.return-value-not-returned")
def test_the_exit_code_is_not_the_returned_value():
    queue = multiprocessing.Queue()
    p = multiprocessing.Process(target=cp._return_and_send, args=(7, queue))
    p.start()
    assert queue.get(timeout=WAIT) == 7
    p.join(WAIT)
    with pytest.raises(AssertionError):
        assert p.exitcode == 7, "the tutorial: the child's result comes back when it finishes"


@rejects("multitask.processes.parallelism-is-real")
@pytest.mark.timeout(120)
def test_on_a_single_core_processes_give_no_speed_up():
    with pytest.raises(AssertionError, match="CPU seconds two busy processes used"):
        cp.check_processes_parallel(one_cpu=True)


@rejects("multitask.processes.beyond-cores")
@pytest.mark.timeout(120)
def test_busy_tasks_beyond_the_cores_gain_nothing():
    violates("multitask.processes.beyond-cores", cp.check_beyond_cores, waiting=cp.busy_for)


# --- 多线程, GIL ---------------------------------------------------------------------------------


@rejects("multitask.threads.many-in-one-process")
def test_threads_do_not_get_a_pid_each():
    pids = []
    threads = [threading.Thread(target=lambda: pids.append(os.getpid())) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    with pytest.raises(AssertionError):
        assert len(set(pids)) == 3, "wrong: each thread is a process of its own"


@rejects("multitask.threads.preempted")
def test_a_busy_thread_does_not_hold_the_cpu_until_it_finishes():
    stop, done = threading.Event(), threading.Event()

    def busy():
        while not stop.is_set():
            pass

    spinner = threading.Thread(target=busy, daemon=True)
    spinner.start()
    threading.Thread(target=lambda: (cp.spin(20000), done.set()), daemon=True).start()
    finished = done.wait(WAIT)
    stop.set()
    spinner.join(WAIT)
    with pytest.raises(AssertionError):
        assert not finished, "wrong: the other thread cannot run while one thread computes"


@rejects("multitask.threads.are-os-threads")
def test_threads_are_not_invisible_to_the_kernel():
    ids = []
    t = threading.Thread(target=lambda: ids.append(threading.get_native_id()))
    t.start()
    t.join(WAIT)
    with pytest.raises(AssertionError):
        assert ids == [threading.get_native_id()], "wrong: the interpreter schedules threads inside one kernel task"


@rejects("multitask.gil.cpu-bound-threads-not-parallel")
@pytest.mark.timeout(120)
def test_the_other_truth_about_the_gil_is_rejected():
    with pytest.raises(AssertionError, match="two threads"):
        cp.check_gil(expect_gil=not cp.gil_enabled())


@rejects("multitask.gil.released-outside-bytecode")
@pytest.mark.timeout(120)
def test_pure_python_work_in_threads_is_not_parallel():
    n = cp.work_for(0.1)
    with pytest.raises(AssertionError, match="two threads"):
        cp.check_released(work=lambda: cp.spin(n))


# --- 多任务运行控制, 多任务标识 -----------------------------------------------------------------


def _child_waits(event):
    event.wait(WAIT)


@rejects("control.join.timeout-returns-with-child-alive")
def test_join_with_a_timeout_does_not_wait_for_the_end():
    release = threading.Event()
    t = threading.Thread(target=_child_waits, args=(release,))
    t.start()
    t.join(0.05)
    try:
        with pytest.raises(AssertionError):
            assert not t.is_alive(), "wrong: join() always waits until the child has ended"
    finally:
        release.set()
        t.join(WAIT)


@rejects("control.terminate.ends-a-process")
def test_terminate_does_not_let_the_child_finish():
    release = multiprocessing.Event()
    p = multiprocessing.Process(target=_child_waits, args=(release,))
    p.start()
    p.terminate()
    p.join(WAIT)
    with pytest.raises(AssertionError):
        assert p.exitcode == 0, "wrong: terminate() lets the child finish its work"


@rejects("control.terminate.threads-cannot-be-terminated")
def test_threads_have_no_terminate():
    with pytest.raises(AssertionError):
        assert hasattr(threading.Thread, "terminate"), "wrong: terminate() exists on threads and has no effect"


def _report_current(queue):
    queue.put(multiprocessing.current_process().name)


@rejects("control.current.is-the-running-child")
def test_a_child_is_not_the_main_process():
    queue = multiprocessing.Queue()
    p = multiprocessing.Process(target=_report_current, args=(queue,), name="worker")
    p.start()
    seen = queue.get(timeout=WAIT)
    p.join(WAIT)
    with pytest.raises(AssertionError):
        assert seen == "MainProcess", "wrong: current_process() names the main process everywhere"


@rejects("ident.pid.assigned-at-start-and-constant")
def test_a_pid_is_not_assigned_at_construction():
    p = multiprocessing.Process(target=time.sleep, args=(0,))
    with pytest.raises(AssertionError):
        assert isinstance(p.pid, int), "wrong: the pid exists as soon as the Process object does"


@rejects("ident.pid.observe-and-control")
def test_sigstop_does_stop_a_process():
    counter = multiprocessing.Value("q", 0)
    p = multiprocessing.Process(target=_beat, args=(counter,), daemon=True)
    p.start()
    try:
        deadline = time.monotonic() + WAIT
        while counter.value == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(p.pid, signal.SIGSTOP)
        deadline = time.monotonic() + WAIT
        while _state(p.pid) != "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(AssertionError):
            assert _state(p.pid) != "T", "wrong: a signal cannot stop a Python process"
    finally:
        p.kill()
        p.join(WAIT)


def _beat(counter):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        counter.value += 1
        time.sleep(0.002)


def _state(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


@rejects("ident.ident.threads-have-no-pid-of-their-own")
def test_threads_do_have_kernel_ids_of_their_own():
    ids = []
    t = threading.Thread(target=lambda: ids.append(threading.get_native_id()))
    t.start()
    t.join(WAIT)
    with pytest.raises(AssertionError):
        assert ids[0] == os.getpid() or ids[0] is None, "wrong: a thread has no id of its own from the system"


@rejects("ident.ident.assigned-at-start-and-constant")
def test_an_ident_is_not_assigned_at_construction():
    t = threading.Thread(target=time.sleep, args=(0,))
    with pytest.raises(AssertionError):
        assert t.ident is not None, "wrong: a thread has its ident before start()"


@rejects("control.lifecycle.alive-from-start-to-end")
def test_a_constructed_process_is_not_alive():
    p = multiprocessing.Process(target=time.sleep, args=(0,))
    with pytest.raises(AssertionError):
        assert p.is_alive(), "wrong: the process lives from its construction"


# --- 进程相互通信 ---------------------------------------------------------------------------------


@rejects("ipc.manager.list-carries-child-appends")
def test_a_plain_list_does_not_carry_appends():
    shared = []
    p = multiprocessing.Process(target=comm._append_all, args=(shared, [1, 2]))
    p.start()
    p.join(WAIT)
    with pytest.raises(AssertionError):
        assert shared == [1, 2], "wrong: any list handed to a child carries its appends"


@rejects("ipc.manager.is-a-server-process")
def test_a_manager_is_not_shared_memory_without_a_process():
    before = set(multiprocessing.active_children())
    with multiprocessing.Manager():
        started = set(multiprocessing.active_children()) - before
        with pytest.raises(AssertionError):
            assert not started, "wrong: a Manager is a shared memory area, no process involved"


@rejects("ipc.manager.proxy-shows-contents")
def test_a_manager_dict_does_not_print_as_a_proxy_object():
    with multiprocessing.Manager() as manager:
        shared = manager.dict(a=1)
        with pytest.raises(AssertionError):
            assert str(shared).startswith("<"), "wrong: printing the proxy shows the proxy object, not the data"


@rejects("ipc.manager.nested-mutation-lost")
def test_nested_appends_do_not_propagate():
    with multiprocessing.Manager() as manager:
        shared = manager.dict(lost=[], kept=[])
        p = multiprocessing.Process(target=comm._mutate_nested, args=(shared, 5))
        p.start()
        p.join(WAIT)
        lost = shared["lost"]
    with pytest.raises(AssertionError):
        assert lost == [5], "wrong: d[k].append(x) through a Manager dict changes the shared value"


@rejects("ipc.manager.created-under-main-guard")
@pytest.mark.timeout(120)
def test_a_module_level_manager_does_not_work_under_spawn(tmp_path):
    code, printed, _ = comm.run_program(tmp_path, "module_level", comm.MODULE_LEVEL_MANAGER, "spawn")
    with pytest.raises(AssertionError):
        assert code == 0 and printed == ({"child": "was here"}, 0), "wrong: where the Manager is created does not matter"


from specs import test_task_control as tc  # noqa: E402


@rejects("control.daemon.process-has-no-children")
def test_a_daemon_process_with_children_is_rejected():
    started = {"process": "started", "thread": "started"}
    refused = {"process": "AssertionError: daemonic processes are not allowed to have children", "thread": "started"}
    with pytest.raises(AssertionError):
        tc.check_daemon_children(started, True, started, True)  # wrong: a daemon may have children
    with pytest.raises(AssertionError):
        tc.check_daemon_children(refused, False, refused, False)  # wrong: no child may have children
    with pytest.raises(AssertionError):
        tc.check_daemon_children(dict(refused, thread="RuntimeError: can't start new thread"), False, started, True)
    tc.check_daemon_children(refused, False, started, True)  # what the runtime does
