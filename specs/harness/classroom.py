"""GitHub Classroom: a GitHub Actions workflow that checks a student's repository on every push.

    python -m specs classroom [-o .github/workflows/netspecs.yml] [--package NAME] [--wheel URL_OR_PATH]

The workflow installs Python, bubblewrap and the netspecs student edition (a wheel the instructor
publishes: its URL or its path in the repository, in NETSPECS_WHEEL), runs ``netspecs check`` on
the student's package and writes passed/total of the claims judged on its roles into the job's
summary; the job fails while any of them does not pass (GitHub Classroom shows the red or green
check of each push).
"""
from pathlib import Path

WHEEL_PLACEHOLDER = "FILL-IN-the-netspecs-student-wheel-URL-or-path"
PACKAGE_PLACEHOLDER = "student_pkg"
DEFAULT_PATH = Path(".github") / "workflows" / "netspecs.yml"

WORKFLOW = """\
# netspecs: judge the package in this repository against the tutorial's claims on every push.
# Written by `python -m specs classroom`.
name: netspecs

on: [push, workflow_dispatch]

permissions:
  contents: read

env:
  # >>> the instructor fills these in (or sets the repository/organisation variable NETSPECS_WHEEL):
  # NETSPECS_WHEEL: the URL of the netspecs student-edition wheel, or its path in this repository
  NETSPECS_WHEEL: ${{{{ vars.NETSPECS_WHEEL || '{wheel}' }}}}
  # NETSPECS_PACKAGE: the student's package folder (with __init__.py) in this repository
  NETSPECS_PACKAGE: {package}
  # NETSPECS_LANG: the language of the reasons and hints students read: en or zh
  NETSPECS_LANG: ${{{{ vars.NETSPECS_LANG || 'en' }}}}
  # <<<

jobs:
  netspecs:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install bubblewrap (the sandbox student code runs in)
        run: |
          sudo apt-get update
          sudo apt-get install -y bubblewrap
          # Ubuntu 24.04 keeps unprivileged user namespaces, which bubblewrap needs, behind AppArmor
          sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 || true
      - name: Install netspecs
        run: |
          if [ "$NETSPECS_WHEEL" = "{placeholder}" ]; then
            echo "::error::NETSPECS_WHEEL is not set: the instructor must fill it in .github/workflows/netspecs.yml"
            exit 2
          fi
          python -m pip install --upgrade pip
          python -m pip install "$NETSPECS_WHEEL"
      - name: Check the package
        run: netspecs check "$NETSPECS_PACKAGE" --claims-report report.json --lang "$NETSPECS_LANG"
      - name: Score
        if: always()
        run: |
          python - <<'EOF'
          import json, os, sys
          summary = open(os.environ.get("GITHUB_STEP_SUMMARY", os.devnull), "a", encoding="utf-8")
          try:
              report = json.load(open("report.json", encoding="utf-8"))
          except (OSError, ValueError):
              summary.write("## netspecs\\n\\nNo report: the check could not run; see its step's log.\\n")
              sys.exit(1)
          mine = [c for c in report["claims"] if c.get("subject") == "roles" and c["outcome"] != "not-executable"]
          passed = [c for c in mine if c["outcome"] == "pass"]
          summary.write(f"## netspecs: {{len(passed)}}/{{len(mine)}} claims judged on your roles pass\\n\\n")
          summary.write("| claim | outcome | reason |\\n|---|---|---|\\n")
          for c in mine:
              lines = (c.get("message") or "").strip().splitlines()
              if c["outcome"] == "fail" and len(lines) > 1:
                  lines = lines[1:]  # the first line restates the claim
              reason = lines[0][:200] if lines else ""
              summary.write(f"| `{{c['id']}}` | {{c['outcome']}} | {{reason.replace('|', '/')}} |\\n")
          print(f"{{len(passed)}}/{{len(mine)}} claims judged on the package's roles pass")
          sys.exit(0 if mine and len(passed) == len(mine) else 1)
          EOF
      - name: Keep the report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: netspecs-report
          path: report.json
          if-no-files-found: ignore
"""


def workflow(package=None, wheel=None):
    """The workflow's text; package and wheel fill the placeholders when given."""
    for what, value in (("--package", package), ("--wheel", wheel)):
        if value is not None and (not value.strip() or any(ch in value for ch in "'\"\n\r${}")):
            raise ValueError(f"{what} {value!r}: give a plain name, path or URL (no quotes, $ or braces)")
    if package is not None and not all(part.isidentifier() for part in Path(package).parts):
        raise ValueError(f"--package {package!r}: a package folder's name must be a valid Python name")
    return WORKFLOW.format(package=package or PACKAGE_PLACEHOLDER, wheel=wheel or WHEEL_PLACEHOLDER,
                           placeholder=WHEEL_PLACEHOLDER)
