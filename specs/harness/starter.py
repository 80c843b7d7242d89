"""The student starter kit: a package with every role of the contract stubbed.

    python -m specs starter path/to/mypackage

writes ``mypackage/__init__.py``: one stub per role of ``specs.harness.contract.all_roles()``, each
raising NotImplementedError and marked ``__specs_stub__ = True`` (the probe reports it as a stub,
so its specs are reported *not implemented*). Each stub's docstring says what the role must do and
lists the claims that judge it. A student replaces the stubs one by one (deleting the marker line
of each), and runs ``netspecs check path/to/mypackage`` as often as they like.
"""
import ast
import keyword
import textwrap
from pathlib import Path

from .contract import GEVENT_ROLE_NOTE

MARKER = "__specs_stub__"


def claims_by_role():
    """role name -> [Claim] judged by specs that use the role (from pytest's own collection)."""
    from ..__main__ import collect_specs
    from .claims import catalogue_by_id

    catalogue = catalogue_by_id()
    found = {}
    for _, claim_ids, roles in collect_specs():
        for role in roles:
            ids = found.setdefault(role, [])
            ids.extend(c for c in claim_ids if c not in ids)
    order = {claim_id: i for i, claim_id in enumerate(catalogue)}
    return {role: [catalogue[c] for c in sorted(ids, key=order.get) if c in catalogue] for role, ids in found.items()}


def parameters(role):
    """The parameter list of a role's callable, from its documented signature (falling back to
    its positional params): "maxsize=0", "func, args=(), **process_kwargs"..."""
    text = role.signature
    if "(" in text and ")" in text:
        inner = text[text.index("(") + 1: text.rindex(")")]
        try:
            ast.parse(f"def _f({inner}): pass")
            return inner
        except SyntaxError:
            pass
    return ", ".join(role.params)


def _docstring(role, claims, indent):
    lines = [f"Role `{role.signature}` (stub: not written yet).", ""]
    lines += textwrap.wrap(role.summary, 92)
    if role.methods:
        lines += ["", "Methods the specs call: " + ", ".join(f"{m}({', '.join(a)})" for m, a in role.methods.items()) + "."]
    if role.runs_in == "gevent":
        lines += [""] + textwrap.wrap(GEVENT_ROLE_NOTE, 92)
    lines += ["", "Judged by these claims (netspecs check <this package> --claim <id>):"]
    if not claims:
        lines.append("  (no spec yet)")
    for c in claims:
        wrapped = textwrap.wrap(f"{c.id}: {c.statement}", 88)
        lines += ["- " + wrapped[0]] + ["  " + w for w in wrapped[1:]]
    lines += ["", f"When it is written, delete the line `{MARKER} = True` that marks it as a stub."]
    body = "\n".join((indent + line) if line else "" for line in lines)
    body = body.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'{indent}"""{body.lstrip()}\n{indent}"""'


def render_stub(role, claims):
    message = f"{role.name} is not written yet"
    if role.methods:
        out = [f"class {role.name}:", _docstring(role, claims, "    "), "", f"    {MARKER} = True  # delete this line once {role.name} is written", ""]
        params = parameters(role)
        out += [f"    def __init__(self{', ' + params if params else ''}):", f"        raise NotImplementedError({message!r})"]
        for method, args in role.methods.items():  # the contract's parameters, exactly
            out += ["", f"    def {method}(self{''.join(', ' + a for a in args)}):",
                    f"        raise NotImplementedError({message!r})"]
        return "\n".join(out) + "\n"
    params = parameters(role)
    out = [f"def {role.name}({params}):", _docstring(role, claims, "    "), f"    raise NotImplementedError({message!r})", "", "",
           f"{role.name}.{MARKER} = True  # delete this line once {role.name} is written"]
    return "\n".join(out) + "\n"


def render_kit(package_name):
    from .contract import all_roles

    roles = sorted(all_roles().values(), key=lambda r: r.name)
    judged = claims_by_role()
    header = f'''"""{package_name}: my implementation of the tutorial's programs (starter kit).

Every role of the contract is stubbed below: it raises NotImplementedError and is marked
`{MARKER} = True`, so the specs report its claims *not implemented* (not failed). Write the
roles one by one; delete a role's marker line once it is written. Check your work with

    netspecs check path/to/{package_name}
    netspecs check path/to/{package_name} --claim <claim id or prefix>

Roles may live in other modules of this package, as long as this file makes them top-level
names (`from .servers import serve_iterative`). Importing the package must not start servers,
threads or processes, and must not monkey-patch (patch inside the gevent roles).
"""
'''
    parts = [header]
    for role in roles:
        parts.append("\n\n" + render_stub(role, judged.get(role.name, [])))
    return "".join(parts)


def create(target, force=False):
    """Write the kit's __init__.py into the folder `target` (created); returns its path."""
    target = Path(target)
    name = target.name
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"{name!r} is not a valid Python package name (letters, digits and _)")
    init = target / "__init__.py"
    if init.exists() and not force:
        raise FileExistsError(f"{init} exists; choose a new folder (or --force to overwrite it)")
    try:
        target.mkdir(parents=True, exist_ok=True)
        init.write_text(render_kit(name), encoding="utf-8")
    except OSError as exc:  # a file in the way, a read-only place, no such parent to make one in
        raise ValueError(f"cannot write {init}: {exc.strerror or exc}") from None
    return init
