"""A Manager dict and a child process, but the parent applies the child's updates itself (the
child only runs alongside): the dict comes out right, and no child ever shared anything."""
import multiprocessing


def share_dict_with_child(parent_updates, child_updates):
    with multiprocessing.Manager() as manager:
        shared = manager.dict(parent_updates)
        child = multiprocessing.Process(target=len, args=((),))
        child.start()
        shared.update(child_updates)
        child.join()
        return dict(shared)
