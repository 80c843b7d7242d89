"""The kill matrix's own logic, on made-up reports: a node counts as killed only where it failed
for a claim the known-bad declares."""
import json

from tests import kill_matrix


def _leave(folder, bad, must_fail, specs_by_claim):
    claims = [{"id": claim, "specs": specs} for claim, specs in specs_by_claim.items()]
    (folder / f"{bad}.json").write_text(json.dumps({"must_fail": must_fail, "report": {"claims": claims}}))


def test_only_declared_claims_kill_and_new_unkilled_nodes_are_problems(tmp_path, monkeypatch):
    nodes = {"a[x]": ["x"], "a[y]": ["y"], "b[x]": ["x"], "c": []}
    monkeypatch.setattr(kill_matrix, "role_nodes", lambda: nodes)
    _leave(tmp_path, "bad1", ["claim.a"], {"claim.a": {"a[x]": "fail", "a[y]": "pass"}, "claim.b": {"b[x]": "fail"}})
    assert kill_matrix.killed_nodes(tmp_path) == {"a[x]": {"bad1"}}  # b[x] failed by luck: its claim is not declared

    monkeypatch.setattr(kill_matrix, "GAPS", {"a[y]"})
    problems, notes = kill_matrix.check(tmp_path)
    assert problems == ["no known-bad fails b[x]: add one to tests/bad/ (or a MUST_FAIL claim)"]
    assert "2 of 3 role spec nodes" not in notes[0] and "1 of 3 role spec nodes" in notes[0]  # c judges no role

    monkeypatch.setattr(kill_matrix, "GAPS", {"a[y]", "b[x]", "a[x]"})
    problems, notes = kill_matrix.check(tmp_path)
    assert problems == [] and any("can leave" in n and "a[x]" in n for n in notes)
