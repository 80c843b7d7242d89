"""Child-side of loader.probe: import the package, list its roles, print one JSON line."""
import json
import sys
import traceback


def main(name, syspath, origin):
    result = {"name": name, "origin": origin or name, "roles": {}, "signature_problems": {}, "error": None}
    try:
        from specs.harness.contract import all_roles
        from specs.harness.loader import ImplementationError, import_checked

        roles = all_roles()
        try:
            module = import_checked(name, syspath or None, origin or None)
        except ImplementationError as e:
            result["error"] = str(e)
            return result
        except SystemExit as e:
            result["error"] = f"importing it called exit({e.code})"
            return result
        except BaseException as e:  # the student's import-time error, summarised in one line
            result["error"] = "importing it failed: " + _one_line(e)
            return result
        patched = _monkey_patched()
        if patched:
            result["error"] = (
                f"importing it monkey-patches the interpreter ({patched}); patch inside the gevent role, "
                "not at import time, so the other roles run unpatched"
            )
            return result
        result["origin"] = getattr(module, "__file__", None) or name
        for role in roles.values():
            obj = getattr(module, role.name, None)
            if obj is None:
                result["roles"][role.name] = "missing"
            elif getattr(obj, "__specs_stub__", False):
                result["roles"][role.name] = "stub"
            else:
                result["roles"][role.name] = "ok"
                problem = role.signature_problem(obj)
                if problem:
                    result["signature_problems"][role.name] = problem
    except BaseException:  # a bug of ours: show it whole
        traceback.print_exc()
        raise
    return result


def _one_line(exc):
    if isinstance(exc, SyntaxError):
        where = f" ({exc.filename}, line {exc.lineno})" if exc.filename else ""
        return f"SyntaxError: {exc.msg}{where}"
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename}, line {frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _monkey_patched():
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None:
        return None
    patched = [m for m in ("socket", "time", "thread", "select", "os") if monkey.is_module_patched(m)]
    return "gevent patched " + ", ".join(patched) if patched else None


if __name__ == "__main__":
    out = sys.stdout
    sys.stdout = sys.stderr  # the package's prints must not corrupt the JSON line
    report = main(*sys.argv[1:4])
    out.write(json.dumps(report) + "\n")
    out.flush()
