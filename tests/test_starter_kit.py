"""The starter kit: every role stubbed; a fresh kit is judged *not implemented*, never failed; a
student fills the roles one by one."""
import ast
import shutil
import subprocess
import sys

import pytest

from specs.__main__ import collect_specs
from specs.harness import loader, sandbox, starter
from specs.harness.claims import catalogue_by_id
from specs.harness.contract import all_roles
from tests.helpers import ROOT, run_specs


@pytest.fixture(scope="module")
def specs():
    return collect_specs()


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kit") / "student_kit"
    done = subprocess.run(
        [sys.executable, "-m", "specs", "starter", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_kit_stubs_every_role_marked_and_documented(kit, specs):
    source = (kit / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    defined = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    roles = all_roles()
    assert set(roles) <= set(defined), f"roles without a stub: {set(roles) - set(defined)}"
    judged = {}
    for _, claim_ids, used in specs:
        for role in used:
            judged.setdefault(role, set()).update(claim_ids)
    for name, role in roles.items():
        doc = ast.get_docstring(defined[name]) or ""
        assert role.signature in doc and role.summary.split()[0] in doc, f"{name}: the docstring says what the role does"
        for claim_id in judged.get(name, ()):
            assert claim_id in doc, f"{name}: the docstring names the claim {claim_id} that judges it"
        assert f"{name}.__specs_stub__ = True" in source or (
            isinstance(defined[name], ast.ClassDef) and "__specs_stub__ = True" in ast.get_source_segment(source, defined[name])
        ), f"{name} is not marked as a stub"


def test_kit_stubs_raise_not_implemented_and_take_the_contract_arguments(kit):
    report = loader.probe(sandbox.Package(kit, kit.name), str(kit))  # in a subject, as every run probes
    assert report["error"] is None, report["error"]
    assert set(report["roles"].values()) == {"stub"}, report["roles"]
    sys.path.insert(0, str(kit.parent))
    try:
        module = __import__(kit.name)
        for name, role in all_roles().items():
            obj = getattr(module, name)
            assert role.signature_problem(obj) is None, f"{name}: {role.signature_problem(obj)}"
            with pytest.raises(NotImplementedError):
                obj(*[None] * len(role.params))
    finally:
        sys.path.remove(str(kit.parent))
        sys.modules.pop(kit.name, None)


def test_kit_stubs_have_the_contract_signatures_exactly(kit):
    """A student who keeps a stub's signature and fills in its body is called as the specs call it:
    the stub's parameters are the contract's, word for word (submit_tasks(func, args=(), kwargs={}))."""
    if not hasattr(ast, "unparse"):
        pytest.skip("ast.unparse needs Python 3.9")
    tree = ast.parse((kit / "__init__.py").read_text(encoding="utf-8"))
    defined = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}

    def params(func, method=False):
        text = ast.unparse(func.args)
        return text[len("self"):].lstrip(", ") if method else text

    for name, role in all_roles().items():
        documented = role.signature[role.signature.index("(") + 1: role.signature.rindex(")")]
        assert starter.parameters(role) == documented or not _parses(documented), f"{name}: the stub is not {role.signature}"
        node = defined[name]
        if isinstance(node, ast.ClassDef):
            methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
            assert params(methods["__init__"], method=True) == starter.parameters(role), name
            for method, args in role.methods.items():
                assert params(methods[method], method=True) == ", ".join(args), f"{name}.{method}"
        else:
            assert params(node) == starter.parameters(role), name


def _parses(params):
    try:
        ast.parse(f"def _f({params}): pass")
    except SyntaxError:
        return False
    return True


def _claims_needing_roles(specs):
    """claim id -> True when every spec of it uses a role, False when none does, None when mixed."""
    uses = {}
    for _, claim_ids, roles in specs:
        for claim_id in claim_ids:
            uses.setdefault(claim_id, set()).add(bool(roles))
    return {c: (True if u == {True} else False if u == {False} else None) for c, u in uses.items()}


@pytest.mark.timeout(900)
def test_fresh_kit_is_not_implemented_with_no_errors_and_no_hangs(kit, specs, tmp_path):
    needs = _claims_needing_roles(specs)
    catalogue = catalogue_by_id()
    # Runtime claims of kind timing are left out: their verdict cannot depend on the kit, and the
    # soak (scripts/soak.sh) judges them under load; everything else runs.
    selected = [c for c, need in needs.items() if need is not False or catalogue[c].kind != "timing"]
    args = ["-n", "2"]
    for claim_id in selected:
        args += ["--claim", claim_id]
    done, rows = run_specs(*args, impl=kit, tmp_path=tmp_path, timeout=840)
    assert rows is not None, done.stdout[-3000:] + done.stderr[-3000:]
    bad = {i: (r["outcome"], r["message"][:300]) for i, r in rows.items() if r["outcome"] in ("fail", "error")}
    assert bad == {}, "a fresh starter kit must not fail or error"
    for claim_id in selected:
        outcome = rows[claim_id]["outcome"]
        if needs[claim_id] is True:
            assert outcome == "not-implemented", f"{claim_id}: {outcome}"
        elif needs[claim_id] is False:
            assert outcome in ("pass", "skipped"), f"{claim_id}: {outcome}"
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.timeout(600)
def test_a_student_fills_the_roles_one_by_one(kit, specs, tmp_path):
    """Replacing one stub with a working role turns its claims from not implemented to pass; the
    other roles stay not implemented."""
    catalogue = catalogue_by_id()
    alone = {}
    for _, claim_ids, roles in specs:
        if len(roles) == 1:
            alone.setdefault(roles[0], set()).update(c for c in claim_ids if catalogue[c].kind == "behaviour")
    role = next(r for r in sorted(all_roles()) if alone.get(r) and all_roles()[r].runs_in == "fork")
    filled = tmp_path / kit.name
    filled.mkdir()
    source = (kit / "__init__.py").read_text(encoding="utf-8")
    # the student's finished role: the reference's, copied in (a subject cannot see impl/)
    shutil.copytree(ROOT / "impl", filled / "_finished", ignore=shutil.ignore_patterns("__pycache__"))
    (filled / "__init__.py").write_text(source + f"\n\nfrom ._finished import {role}  # the student's finished {role}\n", encoding="utf-8")
    needs = _claims_needing_roles(specs)
    mine = sorted(alone[role])[:4]
    stubbed = sorted(c for r, ids in alone.items() if r != role for c in ids if needs[c] is True and c not in alone[role])[:2]
    args = [a for c in mine + stubbed for a in ("--claim", c)]
    done, rows = run_specs(*args, impl=filled, tmp_path=tmp_path, timeout=540)
    assert rows is not None, done.stdout[-3000:]
    for claim_id in mine:
        assert rows[claim_id]["outcome"] == "pass", f"{role} filled in: {claim_id} {rows[claim_id]['outcome']}"
    for claim_id in stubbed:
        assert rows[claim_id]["outcome"] == "not-implemented", f"still a stub: {claim_id} {rows[claim_id]['outcome']}"


def test_starter_refuses_to_overwrite_and_bad_names(tmp_path):
    folder = tmp_path / "kit"
    starter.create(folder)
    with pytest.raises(FileExistsError):
        starter.create(folder)
    with pytest.raises(ValueError):
        starter.create(tmp_path / "not-a-name")
