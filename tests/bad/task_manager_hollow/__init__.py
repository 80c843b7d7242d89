"""The Manager program's answer made up in place: no Manager, no child process, just the dict
the spec expects."""


def share_dict_with_child(parent_updates, child_updates):
    return {**parent_updates, **child_updates}
