"""A pytest plugin for one collect-only run of the specs: writes {node id: [roles it judges]}
(empty: the runtime is its subject) to $NETSPECS_ROLE_NODES. The kill matrix uses it."""
import json
import os

from specs.harness.claims import roles_of


def pytest_collection_finish(session):
    nodes = {item.nodeid: roles_of(item) for item in session.items}
    with open(os.environ["NETSPECS_ROLE_NODES"], "w") as f:
        json.dump(nodes, f, indent=1, sort_keys=True)
