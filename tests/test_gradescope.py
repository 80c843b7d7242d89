"""Gradescope and GitHub Classroom: a claims report becomes Gradescope's results.json (weighted by
the rubric), the autograder zip holds what Gradescope runs, the submission is found where students
put it, and the Classroom workflow runs the check."""
import io
import json
import shutil
import stat
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout

import pytest

from specs import __main__ as cli
from specs.harness import classroom, gradescope
from specs.harness.claims import catalogue_by_id, load_catalogue
from tests.helpers import BAD, ROOT, clean_env

VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}

# results.json as https://gradescope-autograders.readthedocs.io/en/latest/specs/ documents it; the
# fields that page marks optional are required here where netspecs always writes them
TEST_SCHEMA = {
    "type": "object",
    "required": ["name", "number", "score", "max_score", "status", "output", "visibility", "tags"],
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "max_score": {"type": "number", "minimum": 0},
        "status": {"enum": ["passed", "failed"]},
        "name": {"type": "string"},
        "name_format": FORMAT,
        "number": {"type": "string"},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "tags": {"type": "array", "items": {"type": "string"}},
        "visibility": VISIBILITY,
        "extra_data": {"type": "object"},
    },
}
RESULTS_SCHEMA = {
    "type": "object",
    "required": ["score", "execution_time", "output", "visibility", "stdout_visibility", "tests"],
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "integer", "minimum": 0},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "test_output_format": FORMAT,
        "test_name_format": FORMAT,
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": TEST_SCHEMA},
        "leaderboard": {"type": "array", "items": {"type": "object", "required": ["name", "value"]}},
    },
}
TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float)}


def violations(value, schema, where="$"):
    """What in value breaks schema (the JSON Schema keywords used above), as readable lines."""
    problems = []
    expected = schema.get("type")
    if expected and (not isinstance(value, TYPES[expected]) or isinstance(value, bool)):
        return [f"{where}: expected {expected}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: {value} < {schema['minimum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [f"{where}: missing {key!r}" for key in schema.get("required", []) if key not in value]
        for key, item in value.items():
            if key in properties:
                problems += violations(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: unexpected {key!r}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += violations(item, schema["items"], f"{where}[{i}]")
    return problems


def test_the_validator_catches_what_gradescope_would_reject():
    assert violations({"score": "1"}, RESULTS_SCHEMA)
    assert any("unexpected 'points'" in p for p in violations({"points": 1}, RESULTS_SCHEMA))
    assert any("status" in p for p in violations(
        {"score": 0, "execution_time": 1, "output": "", "visibility": "visible", "stdout_visibility": "hidden",
         "tests": [{"name": "x", "number": "1", "score": 0, "max_score": 1, "status": "ok", "output": "",
                    "visibility": "visible", "tags": []}]}, RESULTS_SCHEMA))


def claim_row(claim_id, outcome, subjects, message="", subject="roles"):
    claim = catalogue_by_id()[claim_id]
    return {"id": claim_id, "chapter": claim.chapter, "section": claim.section, "statement": claim.statement,
            "verdict": claim.verdict, "kind": claim.kind, "outcome": outcome, "message": message,
            "subject": subject, "subjects": subjects}


FAILURE = "Claim queue.counter.put-increments does not hold for this implementation: ...\nAssertionError: join() returned"


def hand_made_report():
    return {
        "implementation": "alice", "containment": "bubblewrap", "python": "3.11.7",
        "claims": [
            claim_row("queue.fifo", "pass", {"MyQueue": "pass", "runtime": "pass"}),
            claim_row("queue.counter.put-increments", "fail", {"MyQueue": "fail"}, FAILURE),
            claim_row("pool.mypool.every-task-runs-once", "not-implemented", {"MyPool": "not-implemented"},
                      "alice provides no role 'MyPool'"),
            # nine servers in the real catalogue; two here: one passes, one is missing
            claim_row("server.echo.bytes-intact", "pass", {"serve_iterative": "pass", "serve_threads": "not-implemented"}),
            claim_row("tcp.byte-stream", "pass", {"runtime": "pass"}, subject="runtime"),
            claim_row("tcp.reliable-in-order", "fail", {"runtime": "fail"}, "Claim ... on this Python", subject="runtime"),
            claim_row("io.epoll.notifies-only", "skipped", {"serve_epoll": "skipped"}, "no epoll here"),
            claim_row("net.layers.osi-seven-tcpip-four", "not-executable", {}, "a conceptual model", subject="runtime"),
        ],
    }


def convert(rubric=None, report=None):
    results = gradescope.results_from_report(report or hand_made_report(), rubric or gradescope.load_rubric(), 12.4)
    assert violations(results, RESULTS_SCHEMA) == []
    return results, {t["name"].split(":")[0]: t for t in results["tests"]}


def test_one_test_per_role_claim_and_the_score_is_their_sum():
    results, tests = convert()
    assert list(tests) == ["queue.fifo", "queue.counter.put-increments", "pool.mypool.every-task-runs-once",
                           "server.echo.bytes-intact"], "runtime, not-executable and skipped claims are no one's points"
    assert {k: (t["score"], t["max_score"], t["status"]) for k, t in tests.items()} == {
        "queue.fifo": (1.0, 1.0, "passed"),
        "queue.counter.put-increments": (0.0, 1.0, "failed"),
        "pool.mypool.every-task-runs-once": (0.0, 1.0, "failed"),
        "server.echo.bytes-intact": (0.5, 1.0, "failed"),  # a missing role earns nothing, never a pass
    }
    assert results["score"] == 1.5
    assert results["execution_time"] == 12
    assert tests["queue.fifo"]["name"] == "queue.fifo: " + catalogue_by_id()["queue.fifo"].statement
    assert "AssertionError: join() returned" in tests["queue.counter.put-increments"]["output"]
    assert tests["pool.mypool.every-task-runs-once"]["output"] == "not implemented: alice provides no role 'MyPool'"
    assert "serve_threads not-implemented" in tests["server.echo.bytes-intact"]["output"]
    assert tests["queue.fifo"]["tags"] == ["队列 › 先进先出"]
    assert all(t["visibility"] == "visible" for t in tests.values())
    assert results["stdout_visibility"] == "hidden", "pytest's output names the failures of hidden claims"


def test_numbers_follow_the_tutorial_and_do_not_depend_on_what_ran():
    _, tests = convert()
    alone = gradescope.results_from_report({"claims": [hand_made_report()["claims"][1]]}, gradescope.load_rubric())
    assert alone["tests"][0]["number"] == tests["queue.counter.put-increments"]["number"]
    major = [int(tests[c]["number"].split(".")[0]) for c in ("queue.fifo", "queue.counter.put-increments")]
    assert major[0] < major[1], "先进先出 comes before 队列计数器 in the tutorial"


def test_the_summary_names_what_is_not_graded():
    results, _ = convert()
    output = results["output"]
    assert output.startswith("1 of 4 claims judged on your roles pass; 1 not implemented")
    assert "2 claims about the Python runtime itself (1 hold" in output
    assert "1 claims no program can witness" in output
    assert "io.epoll.notifies-only" in output


def test_a_submission_that_was_not_judged_scores_zero_with_the_reason():
    results, tests = convert(report={"implementation": "erin", "error": "SyntaxError: invalid syntax (line 1)", "claims": []})
    assert results["score"] == 0 and tests == {}
    assert "SyntaxError" in results["output"]


def write(tmp_path, text, name="rubric.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rubric_weights_by_id_prefix_section_and_chapter(tmp_path):
    rubric = gradescope.load_rubric(write(tmp_path, """
default_weight = 2
[weights]
"queue.counter.put-increments" = 5   # an id beats the prefix below
"queue." = 3
"server.echo" = 0.5
"线程池" = 4                          # a bare section
"""))
    results, tests = convert(rubric)
    assert {k: t["max_score"] for k, t in tests.items()} == {
        "queue.fifo": 3.0, "queue.counter.put-increments": 5.0, "pool.mypool.every-task-runs-once": 4.0,
        "server.echo.bytes-intact": 0.5}
    assert tests["server.echo.bytes-intact"]["score"] == 0.25
    assert results["score"] == 3.25
    assert gradescope.load_rubric(write(tmp_path, '[weights]\n"队列" = 7\n')).weight_of("queue.fifo") == 7, "a chapter"
    assert gradescope.load_rubric(write(tmp_path, '[weights]\n"队列 › 先进先出" = 6\n')).weight_of("queue.fifo") == 6
    assert gradescope.load_rubric(write(tmp_path, "")).weight_of("queue.fifo") == 1, "the default: 1 per claim"


def test_unquoted_dotted_ids_mean_the_same_claim(tmp_path):
    rubric = gradescope.load_rubric(write(tmp_path, "[weights]\nqueue.fifo = 3\n"))
    assert rubric.weight_of("queue.fifo") == 3 and rubric.weight_of("queue.counter.put-increments") == 1


def test_rubric_hides_claims(tmp_path):
    rubric = gradescope.load_rubric(write(tmp_path, """
stdout_visibility = "after_published"
[visibility]
"queue." = "after_published"
"queue.fifo" = "hidden"
"""))
    results, tests = convert(rubric)
    assert tests["queue.fifo"]["visibility"] == "hidden"
    assert tests["queue.counter.put-increments"]["visibility"] == "after_published"
    assert tests["server.echo.bytes-intact"]["visibility"] == "visible"
    assert results["stdout_visibility"] == "after_published"


BAD_RUBRICS = {
    "unknown-id": ('[weights]\n"queue.fifoo" = 1\n', "'queue.fifoo' is no claim id"),
    "unknown-prefix": ('[visibility]\n"servers." = "hidden"\n', "'servers.' is no claim id"),
    "negative": ('[weights]\n"queue.fifo" = -1\n', "must not be negative"),
    "not-a-number": ('[weights]\n"queue.fifo" = "three"\n', "must be a number"),
    "bad-toml": ('[weights\n"queue.fifo" = 1\n', "not valid TOML"),
    "bad-visibility": ('[visibility]\n"queue.fifo" = "secret"\n', "is not one of"),
    "unknown-key": ('wieghts = 1\n', "unknown key 'wieghts'"),
    "unknown-claims": ('claims = ["nope."]\n', "matches no claim id"),
    "empty-key": ('[weights]\n"" = 1\n', "an empty key"),
    "bad-lang": ('lang = "fr"\n', "lang 'fr' is not one of en, zh"),
}


@pytest.mark.parametrize("name", sorted(BAD_RUBRICS))
def test_a_bad_rubric_is_one_line_and_exit_2(tmp_path, name):
    text, expected = BAD_RUBRICS[name]
    rubric = write(tmp_path, text)
    wheel = write(tmp_path, "", "netspecs-0.1.0-py3-none-any.whl")
    code, out, err = run_cli(["gradescope", "-o", str(tmp_path / "ag.zip"), "--rubric", str(rubric), "--wheel", str(wheel)])
    assert code == 2
    assert err.startswith("error: rubric ") and expected in err and err.count("\n") == 1, err
    assert not (tmp_path / "ag.zip").exists()
    code, _, err = run_cli(["run", "--submission", str(tmp_path), "--results", str(tmp_path / "r.json"),
                            "--rubric", str(rubric)], main=gradescope.main)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def run_cli(argv, main=cli.main):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("text", [
    '', '# only a comment\n',
    'default_weight = 2\nclaims = ["queue.", \'pool.\']\nstdout_visibility = "visible"\n',
    '[weights]\n"queue.fifo" = 3  # a comment\n"server." = 1.5\n"多任务 › 进程" = 2\nqueue.counter = 1_0\n',
    '[visibility]\n"queue.fifo" = "hidden"\n"a\\u00e9\\"b" = "visible"\n',
    'claims = [\n  "queue.",  # the queues\n  "pool.",\n]\n[weights]\n"x" = 1e1\n',
])
def test_the_fallback_parser_reads_a_rubric_as_tomllib_does(text):
    tomllib = pytest.importorskip("tomllib")
    assert gradescope.parse_toml_subset(text) == tomllib.loads(text)


@pytest.mark.parametrize("text", ['[weights\n', '"a" = \n', 'a = [1, 2\n', 'a = "open\n', 'a = 1\na = 2\n', 'a = 1 2\n'])
def test_the_fallback_parser_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError, match="line"):
        gradescope.parse_toml_subset(text)


def test_the_zip_holds_what_gradescope_runs(tmp_path):
    rubric = write(tmp_path, '[weights]\n"queue.fifo" = 3\n')
    wheel = write(tmp_path, "a wheel", "netspecs-0.1.0-py3-none-any.whl")
    code, out, err = run_cli(["gradescope", "-o", str(tmp_path / "autograder.zip"), "--rubric", str(rubric), "--wheel", str(wheel)])
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "autograder.zip") as archive:
        names = archive.namelist()
        assert sorted(names) == ["netspecs-0.1.0-py3-none-any.whl", "rubric.toml", "run_autograder", "setup.sh"]
        mode = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
        runner = archive.read("run_autograder").decode()
        assert archive.read("rubric.toml").decode() == rubric.read_text()
        assert archive.read("netspecs-0.1.0-py3-none-any.whl") == b"a wheel"
    for script in ("setup.sh", "run_autograder"):
        assert mode[script] & stat.S_IXUSR and stat.S_ISREG(mode[script]), f"{script} must be executable"
    assert "apt-get install -y --no-install-recommends bubblewrap" in setup
    assert "python3-venv" in setup and "netspecs-0.1.0-py3-none-any.whl" in setup
    assert "-m netspecs.harness.gradescope run" in runner and "--submission /autograder/submission" in runner
    assert "--results /autograder/results/results.json" in runner and "/autograder/source/rubric.toml" in runner
    for text in (setup, runner):
        assert text.startswith("#!/usr/bin/env bash\n")
        if shutil.which("bash"):
            assert subprocess.run(["bash", "-n"], input=text, text=True).returncode == 0


def test_without_a_rubric_the_zip_ships_the_commented_default(tmp_path):
    wheel = write(tmp_path, "", "netspecs-0.1.0-py3-none-any.whl")
    gradescope.build_autograder(tmp_path / "ag.zip", wheel=wheel)
    with zipfile.ZipFile(tmp_path / "ag.zip") as archive:
        text = archive.read("rubric.toml").decode()
    assert gradescope.parse_toml(text) == {}, "all comments: every role claim worth 1"
    assert gradescope.load_rubric(write(tmp_path, text.replace("# [weights]", "[weights]").replace('# "queue.fifo"', '"queue.fifo"'))).weight_of("queue.fifo") == 3


@pytest.mark.parametrize("args, expected", [
    (["--wheel", "missing.whl"], "no such file"),
    (["--wheel", "README.md"], "expected a wheel"),
    ([], "pass one with --wheel PATH"),  # until editions.build_wheel exists, or when it fails
])
def test_a_bad_wheel_is_one_line_and_exit_2(tmp_path, args, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    if not args:
        def failing_build(folder):
            raise ValueError("building the student wheel failed: boom; pass one with --wheel PATH")

        monkeypatch.setattr(gradescope, "_build_student_wheel", failing_build)
    code, _, err = run_cli(["gradescope", "-o", str(tmp_path / "ag.zip"), *args])
    assert code == 2 and expected in err and err.count("\n") == 1, err


def test_submission_at_the_top_one_level_down_or_a_single_module(tmp_path):
    top = tmp_path / "top"
    top.mkdir()
    (top / "__init__.py").write_text("")
    assert gradescope.find_package(top) == (top, None)

    down = tmp_path / "down"
    (down / "mypkg").mkdir(parents=True)
    (down / "mypkg" / "__init__.py").write_text("")
    (down / "__MACOSX").mkdir()
    (down / "__MACOSX" / "__init__.py").write_text("")
    (down / "README.md").write_text("")
    assert gradescope.find_package(down) == (down / "mypkg", None)

    module = tmp_path / "module"
    module.mkdir()
    (module / "answer.py").write_text("")
    assert gradescope.find_package(module) == (module / "answer.py", None)

    repository = tmp_path / "repository"  # handed in from GitHub: the package beside its tests
    for name in ("mypkg", "tests"):
        (repository / name).mkdir(parents=True)
        (repository / name / "__init__.py").write_text("")
    assert gradescope.find_package(repository) == (repository / "mypkg", None)

    two = tmp_path / "two"
    for name in ("a", "b"):
        (two / name).mkdir(parents=True)
        (two / name / "__init__.py").write_text("")
    assert "several packages (a, b)" in gradescope.find_package(two)[1]


def test_nothing_to_judge_writes_score_zero_and_says_what_was_expected(tmp_path):
    submission = tmp_path / "submission"
    (submission / "notes").mkdir(parents=True)
    (submission / "notes" / "answer.txt").write_text("")
    results_path = tmp_path / "results" / "results.json"
    code, out, err = run_cli(["run", "--submission", str(submission), "--results", str(results_path)], main=gradescope.main)
    assert code == 0, err
    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert violations(results, RESULTS_SCHEMA) == []
    assert results["score"] == 0 and results["tests"] == []
    assert "expected a Python package (a folder with __init__.py" in results["output"] and "notes/" in results["output"]


def test_a_chinese_rubric_names_each_test_with_the_claims_chinese_statement():
    report = hand_made_report()
    for row in report["claims"]:
        row["statement_zh"] = f"{row['id']} 的中文陈述"
    _, tests = convert(gradescope.rubric_from_data({"lang": "zh"}, load_catalogue()), report)
    assert tests["queue.fifo"]["name"] == "queue.fifo: queue.fifo 的中文陈述"
    _, english = convert(gradescope.rubric_from_data({}, load_catalogue()), report)
    assert english["queue.fifo"]["name"] == "queue.fifo: " + catalogue_by_id()["queue.fifo"].statement


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("lang, says", [("en", "get() returned them as [1, 0]"), ("zh", "get() 返回的顺序却是 [1, 0]")])
def test_run_judges_a_known_bad_for_real(tmp_path, lang, says):
    submission = tmp_path / "submission"
    shutil.copytree(BAD / "queue_lifo", submission / "myqueue", ignore=shutil.ignore_patterns("__pycache__", "expect.py"))
    rubric = write(tmp_path, f'claims = ["queue.fifo"]\nlang = "{lang}"\n[weights]\n"queue.fifo" = 4\n')
    results_path = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "specs.harness.gradescope", "run", "--submission", str(submission),
                           "--results", str(results_path), "--rubric", str(rubric)],
                          cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=110)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert violations(results, RESULTS_SCHEMA) == []
    tests = {t["name"].split(":")[0]: t for t in results["tests"]}
    fifo = tests["queue.fifo"]
    assert (fifo["status"], fifo["score"], fifo["max_score"]) == ("failed", 0.0, 4.0)
    assert says in fifo["output"], fifo["output"]
    assert results["score"] == sum(t["score"] for t in tests.values())
    assert results["extra_data"]["implementation"] == "myqueue"


def test_classroom_workflow_runs_the_check_and_reports_the_score(tmp_path):
    code, text, err = run_cli(["classroom"])
    assert code == 0, err
    assert 'netspecs check "$NETSPECS_PACKAGE" --claims-report report.json --lang "$NETSPECS_LANG"' in text
    assert "NETSPECS_LANG: ${{ vars.NETSPECS_LANG || 'en' }}" in text, "the instructor sets zh as a variable"
    assert "NETSPECS_WHEEL: ${{ vars.NETSPECS_WHEEL || '" + classroom.WHEEL_PLACEHOLDER + "' }}" in text
    assert "apt-get install -y bubblewrap" in text and "GITHUB_STEP_SUMMARY" in text
    try:
        import yaml
    except ImportError:
        yaml = None
    if yaml:
        flow = yaml.safe_load(text)
        assert flow["jobs"]["netspecs"]["runs-on"] == "ubuntu-latest"
        runs = " ".join(step.get("run", "") for step in flow["jobs"]["netspecs"]["steps"])
        assert "netspecs check" in runs
    else:
        for line in ("name: netspecs", "on: [push, workflow_dispatch]", "jobs:", "  netspecs:",
                     "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4"):
            assert line in text.splitlines(), line
        assert "\t" not in text, "YAML takes no tabs"

    code, _, _ = run_cli(["classroom", "--package", "alice_pkg", "--wheel", "https://example.org/netspecs-0.1.0-py3-none-any.whl",
                          "-o", str(tmp_path / ".github" / "workflows" / "netspecs.yml")])
    written = (tmp_path / ".github" / "workflows" / "netspecs.yml").read_text()
    assert code == 0 and "NETSPECS_PACKAGE: alice_pkg" in written and "example.org/netspecs" in written
    assert classroom.WHEEL_PLACEHOLDER in written, "the step that refuses an unfilled placeholder stays"
    code, _, err = run_cli(["classroom", "-o", str(tmp_path / ".github" / "workflows" / "netspecs.yml")])
    assert code == 2 and "--force" in err
    code, _, err = run_cli(["classroom", "--package", "bad'name"])
    assert code == 2 and err.count("\n") == 1


def test_the_classroom_score_step_counts_role_claims(tmp_path):
    text = classroom.workflow()
    script = text.split("python - <<'EOF'\n", 1)[1].split("          EOF\n", 1)[0]
    script = "\n".join(line[10:] for line in script.splitlines())
    report = hand_made_report()
    report["claims"] = report["claims"][:2]
    (tmp_path / "report.json").write_text(json.dumps(report), encoding="utf-8")
    summary = tmp_path / "summary.md"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={**clean_env(), "GITHUB_STEP_SUMMARY": str(summary)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "1/2 claims" in done.stdout
    assert "| `queue.counter.put-increments` | fail | AssertionError: join() returned |" in summary.read_text()


@pytest.mark.slow
def test_without_a_wheel_the_zip_ships_the_student_edition(tmp_path):
    built = gradescope.build_autograder(tmp_path / "ag.zip")
    with zipfile.ZipFile(built) as archive:
        wheels = [n for n in archive.namelist() if n.endswith(".whl")]
        assert len(wheels) == 1 and "+student" in wheels[0], wheels
        (tmp_path / wheels[0]).write_bytes(archive.read(wheels[0]))
    with zipfile.ZipFile(tmp_path / wheels[0]) as wheel:
        assert not [n for n in wheel.namelist() if n.startswith("netspecs/impl/")]
