"""The tutorial's Manager program with only the Manger typo fixed: the child's function takes no
parameters yet is given the dict as an argument, so the child dies with TypeError and its update
never happens. (The Manager is made inside the function here; at import time it would also break
under spawn.)"""
import multiprocessing

_CHILD_UPDATES = {}
dict_var = None


def func():
    dict_var.update(_CHILD_UPDATES)


def share_dict_with_child(parent_updates, child_updates):
    global dict_var
    _CHILD_UPDATES.clear()
    _CHILD_UPDATES.update(child_updates)
    mg = multiprocessing.Manager()
    try:
        dict_var = mg.dict()
        dict_var.update(parent_updates)
        p1 = multiprocessing.Process(target=func, args=(dict_var,))
        p1.start()
        p1.join()
        return dict(dict_var)
    finally:
        mg.shutdown()
