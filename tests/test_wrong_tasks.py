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
from specs import test_task_control as tc
from specs.harness.claims import ClaimViolation
from specs.harness.servers import wait_until
from specs.harness.timing import assert_ratio
from tests.rejections import rejects

WAIT = 30.0


def violates(claim_id, check, *args, **kwargs):
    with pytest.raises(ClaimViolation) as caught:
        check(*args, **kwargs)
    assert caught.value.claim_id == claim_id, f"expected a violation of {claim_id}, got {caught.value.claim_id}: {caught.value}"


def rejected(check, *args, **kwargs):
    with pytest.raises(AssertionError):
        check(*args, **kwargs)


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
    pid = os.getpid()
    # wrong: each thread is a process of its own (a pid each, not among this process's threads)
    own = [pid + 1, pid + 2, pid + 3]
    rejected(cp.check_threads_in_one_process, 3, own, pid, set(own), {pid})
    seen, ids, tasks = cp.threads_seen(3)
    cp.check_threads_in_one_process(3, [p for p, _ in seen], pid, set(ids), tasks)  # what the runtime does


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
    main = threading.get_native_id()
    # wrong: the interpreter schedules threads inside one kernel task (each has the main's kernel id)
    rejected(cp.check_kernel_threads, [main, main], [main, main], main, {main})
    seen, ids, tasks = cp.threads_seen(2)
    cp.check_kernel_threads(ids, [native for _, native in seen], main, tasks)  # what the runtime does


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


@rejects("control.join.timeout-returns-with-child-alive")
def test_join_with_a_timeout_does_not_wait_for_the_end():
    # wrong: join() always waits until the child has ended, so after join(0.05) it is no longer alive
    rejected(tc.check_join_with_timeout, "Thread", 0.05, None, False, False)
    with tc.children(tc.kind_for("Thread", None), 1) as made:  # what the runtime does
        made.start()
        child = made.items[0]
        returned = child.join(0.05)
        alive_after_timeout = child.is_alive()
        made.release(0)
        child.join(WAIT)
        tc.check_join_with_timeout("Thread", 0.05, returned, alive_after_timeout, child.is_alive())


@rejects("control.terminate.ends-a-process")
def test_terminate_does_not_let_the_child_finish(tmp_path):
    # wrong: terminate() lets the child finish its work (it ends normally, its work done)
    rejected(tc.check_terminated, {0: (False, 0)}, {}, [0])
    release = multiprocessing.Event()
    p = multiprocessing.Process(target=tc._work_then_mark, args=(str(tmp_path), 0, release))
    p.start()
    p.terminate()
    p.join(WAIT)
    finished = sorted(int(name.split("-")[1]) for name in os.listdir(tmp_path))
    tc.check_terminated({0: (p.is_alive(), p.exitcode)}, {}, finished)  # what the runtime does


class _TerminableThread(threading.Thread):
    def terminate(self):
        pass  # the wrong statement: it exists, and does nothing


@rejects("control.terminate.threads-cannot-be-terminated")
def test_threads_have_no_terminate():
    rejected(tc.check_no_terminate, _TerminableThread)  # wrong: terminate() exists on threads and has no effect
    tc.check_no_terminate(threading.Thread)  # what the runtime does


@rejects("control.current.is-the-running-child")
def test_a_child_is_not_the_main_process():
    with tc.children(tc.kind_for("Process", None), 1, name="worker") as made:
        made.start()
        child, inside = made.items[0], made.started[0]
        tc.check_current_is_the_child("Process", True, "worker", child.pid, inside)  # what the runtime does
        # wrong: current_process() names the main process everywhere
        main = dict(inside, process="MainProcess", process_pid=os.getpid())
        violates("control.current.is-the-running-child", tc.check_current_is_the_child, "Process", True, "worker", child.pid, main)


@rejects("ident.pid.assigned-at-start-and-constant")
def test_a_pid_is_not_assigned_at_construction():
    p = multiprocessing.Process(target=time.sleep, args=(0,))
    tc.check_unstarted(True, [p.pid], [p.is_alive()])  # what the runtime does
    # wrong: the pid exists as soon as the Process object does
    violates("ident.pid.assigned-at-start-and-constant", tc.check_unstarted, True, [os.getpid() + 1], [False])


@rejects("ident.pid.observe-and-control")
def test_sigstop_does_stop_a_process():
    # wrong: a signal cannot stop a Python process (it is still sleeping between beats, and beats on)
    rejected(tc.check_stopped, os.getpid() + 1, "S", 10, 12)
    counter = multiprocessing.Value("q", 0, lock=False)
    p = multiprocessing.Process(target=tc._heartbeat, args=(counter,), daemon=True)
    p.start()
    try:
        assert wait_until(lambda: counter.value > 0, WAIT)
        os.kill(p.pid, signal.SIGSTOP)
        wait_until(lambda: tc._state(p.pid) == "T", WAIT)
        stopped = tc._state(p.pid)
        frozen = counter.value
        tc.check_stopped(p.pid, stopped, frozen, counter.value)  # what the runtime does
    finally:
        p.kill()
        p.join(WAIT)


@rejects("ident.ident.threads-have-no-pid-of-their-own")
def test_threads_do_have_kernel_ids_of_their_own():
    pid = os.getpid()
    # wrong: a thread has no id of its own from the system (it has the process's, or none)
    rejected(tc.check_thread_ids, 2, pid, [(pid, pid), (pid, pid)], pid)
    rejected(tc.check_thread_ids, 2, pid, [(pid, None), (pid, None)], threading.get_native_id())
    seen, _, _ = cp.threads_seen(2)
    tc.check_thread_ids(2, pid, seen, threading.get_native_id())  # what the runtime does


@rejects("ident.ident.assigned-at-start-and-constant")
def test_an_ident_is_not_assigned_at_construction():
    t = threading.Thread(target=time.sleep, args=(0,))
    tc.check_unstarted(False, [t.ident], [t.is_alive()])  # what the runtime does
    # wrong: a thread has its ident before start() (say, the ident of the thread constructing it)
    violates("ident.ident.assigned-at-start-and-constant", tc.check_unstarted, False, [threading.get_ident()], [False])


@rejects("control.lifecycle.alive-from-start-to-end")
def test_a_constructed_process_is_not_alive():
    p = multiprocessing.Process(target=time.sleep, args=(0,))
    tc.check_unstarted(True, [p.pid], [p.is_alive()])  # what the runtime does
    # wrong: the process lives from its construction
    violates("control.lifecycle.alive-from-start-to-end", tc.check_unstarted, True, [None], [True])


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
    rejected(comm.check_one_server, [], os.getpid())  # wrong: a Manager is a shared memory area, no process involved
    rejected(comm.check_one_server, [(os.getpid(), True)], os.getpid())  # wrong: the Manager is this process
    before = set(multiprocessing.active_children())
    with multiprocessing.Manager():
        started = set(multiprocessing.active_children()) - before
        comm.check_one_server([(child.pid, child.is_alive()) for child in started], os.getpid())  # what the runtime does


@rejects("ipc.manager.proxy-shows-contents")
def test_a_manager_dict_does_not_print_as_a_proxy_object():
    with multiprocessing.Manager() as manager:
        empty, shared = manager.dict(), manager.dict(a=1)
        # wrong: printing the proxy shows the proxy object, not the data
        rejected(comm.check_printed, object.__repr__(empty), {"a": 1}, object.__repr__(shared))
        comm.check_printed(str(empty), {"a": 1}, str(shared))  # what the runtime does


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
