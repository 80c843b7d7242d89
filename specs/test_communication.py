"""进程相互通信, 线程的通信 (线程共享) — processes do not share memory, a Manager's proxies carry
data between them, and threads share everything."""
import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from .harness import claim
from .harness.fresh import PROJECT_ROOT, environment
from .harness.messages import say

WAIT = 30.0

values = st.one_of(
    st.integers(),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=4),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
    st.none(),
    st.booleans(),
)

def kit_of(implementation):
    """The subject's task kit (``kit.py``): tasks that run where the role puts them, and the
    subject's view of its globals and files."""
    return implementation.subject().role("$kit")


# ------------------------------------------------------------------ 通信隔离


@claim("ipc.isolation.global-assignment-stays-in-child")
@given(value=values)
@settings(max_examples=6)
def test_a_child_process_assigns_only_its_own_global(run_in_processes, implementation, value):
    kit = kit_of(implementation)
    kit.reset_globals()
    folder = kit.mkdtemp()
    run_in_processes([(kit.task("assign_global"), (value, folder))], lambda: None)
    assert "assigned" in kit.listdir(folder), say("the task never ran", "任务根本没有运行")
    shared, shared_list = kit.globals_seen()
    assert shared == "the parent's value", say(f"a child process assigned the global {value!r} and the parent sees {shared!r}",
                                        f"子进程把全局变量赋值为 {value!r}，父进程看到的却是 {shared!r}")
    assert shared_list == [], say(f"a child process appended to a global list and the parent sees {shared_list!r}",
                                  f"子进程向全局列表追加了元素，父进程看到的却是 {shared_list!r}")


# ------------------------------------------------------------------ 线程共享


@claim("ipc.threads.share-globals")
@given(value=values)
@settings(max_examples=6)
def test_threads_share_globals(run_in_threads, implementation, value):
    kit = kit_of(implementation)
    kit.reset_globals()
    folder = kit.mkdtemp()
    run_in_threads([(kit.task("assign_global"), (value, folder))], lambda: None)
    assert "assigned" in kit.listdir(folder), say("the task never ran", "任务根本没有运行")
    shared, shared_list = kit.globals_seen()
    assert shared == value, say(f"a thread assigned the global {value!r} but the main thread sees {shared!r}",
                             f"线程把全局变量赋值为 {value!r}，主线程看到的却是 {shared!r}")
    assert shared_list == [value], say(f"a thread appended {value!r} to a global list; the main thread sees {shared_list!r}",
                                       f"线程向全局列表追加了 {value!r}；主线程看到的是 {shared_list!r}")


# ------------------------------------------------------------------ Manager

keys = st.text(min_size=1, max_size=6)
updates = st.dictionaries(keys, values, max_size=5)


@claim("ipc.manager.dict-carries-child-updates")
@given(parent_updates=updates, child_updates=st.dictionaries(keys, values, min_size=1, max_size=5))
@settings(max_examples=5)
@example(parent_updates={"shared": "parent's", "parent": 1}, child_updates={"shared": "child's", "child": 2})  # the child's value wins
def test_manager_dict_carries_the_childs_updates(share_dict_with_child, implementation, parent_updates, child_updates):
    kit = kit_of(implementation)
    log = kit.mkdtemp() + "/senders"
    # the child's updates leave a pid each time they are pickled (to the Manager, or anywhere):
    # the judge sees which process sent them, not just a dict that could be made up in place
    seen = share_dict_with_child(parent_updates, kit.sent(child_updates, log))
    caller = kit.here()["pid"]
    senders = kit.senders(log)
    assert senders, say(
        "the child's updates were never sent to another process (never pickled): the dict was not shared "
        "through a Manager with a child process",
        "子进程的更新从未发送给其他进程（从未被 pickle）：这个字典并没有通过 Manager 与子进程共享",
    )
    assert set(senders) != {caller}, say(
        f"only the process that called share_dict_with_child (pid {caller}) sent the child's updates: "
        "a child process must apply them to the Manager's dict",
        f"子进程的更新只由调用 share_dict_with_child 的进程（pid {caller}）发送过："
        "这些更新必须由一个子进程写入 Manager 的字典",
    )
    expected = {**parent_updates, **child_updates}
    assert dict(seen) == expected, say(
        f"the parent applied {parent_updates!r} and the child {child_updates!r}; "
        f"the parent then sees {dict(seen)!r}, expected {expected!r}",
        f"父进程写入了 {parent_updates!r}，子进程写入了 {child_updates!r}；"
        f"之后父进程看到的是 {dict(seen)!r}，应为 {expected!r}",
    )


def _append_all(shared, items):
    for item in items:
        shared.append(item)


@claim("ipc.manager.list-carries-child-appends")
@given(batches=st.lists(st.lists(values, max_size=3), min_size=1, max_size=3))
@settings(max_examples=4)
def test_manager_list_carries_appends(batches):
    with multiprocessing.Manager() as manager:
        shared = manager.list()
        procs = [multiprocessing.Process(target=_append_all, args=(shared, batch)) for batch in batches]
        for p in procs:
            p.start()
        for p in procs:
            p.join(WAIT)
        got = list(shared)
    expected = [item for batch in batches for item in batch]
    assert sorted(map(repr, got)) == sorted(map(repr, expected)), say(
        f"children appended {expected!r}; the parent sees {got!r}", f"子进程追加了 {expected!r}；父进程看到的是 {got!r}")


def check_one_server(started, pid):
    """started: (pid, alive) of each child process that appeared when a Manager started; pid: ours."""
    assert len(started) == 1, say(
        f"starting a Manager started {len(started)} child processes, expected its one server",
        f"启动一个 Manager 启动了 {len(started)} 个子进程，应当只有它自己的一个服务器进程")
    [(server_pid, alive)] = started
    assert server_pid != pid and alive


@claim("ipc.manager.is-a-server-process")
def test_a_manager_is_a_server_process():
    before = set(multiprocessing.active_children())
    manager = multiprocessing.Manager()
    try:
        started = set(multiprocessing.active_children()) - before
        check_one_server([(child.pid, child.is_alive()) for child in started], multiprocessing.current_process().pid)
        server = started.pop()
        shared = manager.dict(a=1)
        assert dict(shared) == {"a": 1}
    finally:
        manager.shutdown()
    server.join(WAIT)
    assert not server.is_alive(), say("the Manager's server process still runs after shutdown()",
                                       "shutdown() 之后 Manager 的服务器进程仍在运行")
    with pytest.raises(Exception):
        shared["b"] = 2  # nobody holds the dict any more


def check_printed(empty, contents, shown):
    """empty: how an empty Manager dict printed; shown: how it printed once holding contents."""
    assert empty == "{}", say(f"an empty Manager dict prints as {empty!r}", f"空的 Manager 字典打印出来是 {empty!r}")
    assert shown == str(contents), say(f"a Manager dict holding {contents!r} prints as {shown!r}",
                                       f"存有 {contents!r} 的 Manager 字典打印出来是 {shown!r}")


@claim("ipc.manager.proxy-shows-contents")
@given(contents=updates)
@settings(max_examples=4)
def test_printing_a_manager_dict_shows_its_contents(contents):
    with multiprocessing.Manager() as manager:
        shared = manager.dict()
        empty = str(shared)
        shared.update(contents)
        shown = str(shared)
    check_printed(empty, contents, shown)


def _mutate_nested(shared, item):
    shared["lost"].append(item)  # appends to a copy fetched from the server
    kept = shared["kept"]
    kept.append(item)
    shared["kept"] = kept  # assigning back sends the whole value to the server


@claim("ipc.manager.nested-mutation-lost")
@given(initial=st.lists(st.integers(), max_size=3), item=values)
@settings(max_examples=4)
def test_nested_mutation_through_a_manager_dict_is_lost(initial, item):
    with multiprocessing.Manager() as manager:
        shared = manager.dict(lost=list(initial), kept=list(initial))
        p = multiprocessing.Process(target=_mutate_nested, args=(shared, item))
        p.start()
        p.join(WAIT)
        assert p.exitcode == 0
        lost, kept = shared["lost"], shared["kept"]
    assert lost == initial, say(
        f"d['lost'].append({item!r}) in the child: expected the append to be lost, the parent sees {lost!r}",
        f"子进程执行了 d['lost'].append({item!r})：这次追加本应丢失，父进程看到的却是 {lost!r}")
    assert kept == initial + [item], say(f"reassigned d['kept'] in the child: the parent sees {kept!r}",
                                           f"子进程重新给 d['kept'] 赋了值：父进程看到的是 {kept!r}")


MODULE_LEVEL_MANAGER = """
    import multiprocessing, sys
    ctx = multiprocessing.get_context(sys.argv[1])
    manager = ctx.Manager()  # at import time: every spawned child runs this line again
    shared = manager.dict()

    def work(d):
        d["child"] = "was here"

    if __name__ == "__main__":
        p = ctx.Process(target=work, args=(shared,))
        p.start()
        p.join(60)
        print(repr((dict(shared), p.exitcode)))
        manager.shutdown()
"""

GUARDED_MANAGER = """
    import multiprocessing, sys

    def work(d):
        d["child"] = "was here"

    if __name__ == "__main__":
        ctx = multiprocessing.get_context(sys.argv[1])
        with ctx.Manager() as manager:
            shared = manager.dict()
            p = ctx.Process(target=work, args=(shared,))
            p.start()
            p.join(60)
            print(repr((dict(shared), p.exitcode)))
"""


def run_program(folder, name, source, method):
    """(exit code, what the program printed last or None, its stderr)."""
    script = Path(folder) / f"{name}.py"
    script.write_text(textwrap.dedent(source))
    done = subprocess.run(
        [sys.executable, str(script), method], capture_output=True, text=True, timeout=120,
        env=environment(), cwd=str(PROJECT_ROOT), start_new_session=True,
    )
    lines = done.stdout.strip().splitlines()
    return done.returncode, (eval(lines[-1]) if lines else None), done.stderr  # our own program's repr


@claim("ipc.manager.created-under-main-guard")
@pytest.mark.timeout(120)
def test_a_module_level_manager_works_only_under_fork(tmp_path):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method")
    code, printed, err = run_program(tmp_path, "module_level", MODULE_LEVEL_MANAGER, "fork")
    assert (code, printed) == (0, ({"child": "was here"}, 0)), say(
        f"module-level Manager under fork: exit {code}, printed {printed!r}\n{err[-800:]}",
        f"fork 方式下在模块顶层创建的 Manager：退出码 {code}，输出 {printed!r}\n{err[-800:]}")
    code, printed, err = run_program(tmp_path, "module_level", MODULE_LEVEL_MANAGER, "spawn")
    # The Manager's own server process is spawned too: re-importing the module, it tries to
    # start a Manager while still bootstrapping, dies, and the parent's Manager() fails.
    assert code != 0 and printed is None, say(
        f"module-level Manager under spawn: expected the program to fail, it printed {printed!r}",
        f"spawn 方式下在模块顶层创建的 Manager：程序本应失败，它却输出了 {printed!r}")
    assert "bootstrapping" in err, say(
        f"the spawned process should fail starting a Manager while being imported:\n{err[-800:]}",
        f"spawn 出的进程在被导入期间启动 Manager 本应失败：\n{err[-800:]}")
    code, printed, err = run_program(tmp_path, "guarded", GUARDED_MANAGER, "spawn")
    assert (code, printed) == (0, ({"child": "was here"}, 0)), say(
        f"Manager under the main guard, spawn: exit {code}, printed {printed!r}\n{err[-800:]}",
        f"spawn 方式下在 if __name__ == '__main__' 保护下创建的 Manager：退出码 {code}，输出 {printed!r}\n{err[-800:]}")
