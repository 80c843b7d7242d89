"""The Manager program with a plain dict in place of the Manager's: the child updates its own
copy, and the parent never sees it."""
import multiprocessing


def _apply(shared, updates):
    shared.update(updates)


def share_dict_with_child(parent_updates, child_updates):
    shared = dict(parent_updates)
    child = multiprocessing.Process(target=_apply, args=(shared, dict(child_updates)))
    child.start()
    child.join()
    return shared
