"""Data-driven tests of the semantic rules.

Every rule has a folder cases/<RULE_ID>/ with two spec files. A file may hold several
documents (separated by ``---``): App specs, Cluster specs, or both, so that the rules that
cross-check an App with its Cluster, or several specs with each other, have what they need.

* fail.yaml breaks the rule; each line where the rule must report a problem carries a
  trailing comment ``# expect: <RULE_ID>``. When the rule's message names another place
  (``file:line`` of a second spec or setting), that line carries ``# ref: <RULE_ID>``.
* pass.yaml is the same specs with the problem fixed; it must have no problem at all.

Both files must pass the JSON schemas, so that the case really exercises the rule and not
the loader or the schema.

Rule scopes: check(app) runs on each App (the default scope "app"); check_all(apps,
clusters) runs once on every spec (scope "all"); check_cluster(cluster, apps) runs on each
Cluster with the Apps beside it (scope "cluster").
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

import eksgen.lint.rules
from eksgen.api import check_paths, render_paths
from eksgen.cli.app import run
from eksgen.errors import Problem, Severity
from eksgen.lint.rules import RULES
from eksgen.render.layout import output_files

CASES = Path(__file__).parent / "cases"
EXAMPLES = Path(__file__).parents[2] / "examples"

RULE_IDS = sorted(RULES)
CASE_IDS = sorted(entry.name for entry in CASES.iterdir() if entry.is_dir())
ERROR_RULE_IDS = [rule_id for rule_id in RULE_IDS if RULES[rule_id].SEVERITY is Severity.ERROR]
WARNING_RULE_IDS = [rule_id for rule_id in RULE_IDS if RULES[rule_id].SEVERITY is Severity.WARNING]
INFO_RULE_IDS = [rule_id for rule_id in RULE_IDS if RULES[rule_id].SEVERITY is Severity.INFO]

# The rules this suite was written for: the App rules and the Cluster cross-checks.
APP_RULE_IDS = {f"EKS{number:03d}" for number in range(1, 21)}
CLUSTER_RULE_IDS = {f"EKS{number:03d}" for number in range(101, 114)}
# Warnings (rendering goes on); the README's rule table says the same.
DOCUMENTED_WARNINGS = {"EKS012", "EKS019", "EKS103", "EKS110", "EKS113"}

# Scope -> the function a rule module of that scope must define.
ENTRY_POINTS = {"app": "check", "all": "check_all", "cluster": "check_cluster"}

RULE_ID = re.compile(r"^EKS\d{3}$")
# Any comment that looks like a marker, well formed or not (well-formedness is a test).
MARKER = re.compile(r"#\s*expect\b:?\s*(?P<ids>.*?)\s*$")
REF_MARKER = re.compile(r"#\s*ref\b:?\s*(?P<ids>.*?)\s*$")
FILE_LINE_COL = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+):")
DOCUMENT_SEPARATOR = "---"

# Known rule bugs: (test, rule ID) -> (condition, why the test fails). Each such test is
# xfail(strict): it must keep failing until the rule is fixed, and then the entry must go.
KNOWN_BUGS: dict[tuple[str, str], tuple[bool, str]] = {}


def cases(test: str, rule_ids: list[str]) -> list[object]:
    """Parameters for a test over rule IDs, the known bugs marked xfail(strict=True)."""
    params: list[object] = []
    for rule_id in rule_ids:
        if (test, rule_id) in KNOWN_BUGS:
            condition, reason = KNOWN_BUGS[test, rule_id]
            mark = pytest.mark.xfail(condition, reason=f"{rule_id}: {reason}", strict=True)
            params.append(pytest.param(rule_id, marks=mark))
        else:
            params.append(rule_id)
    return params


def fail_case(rule_id: str) -> Path:
    return CASES / rule_id / "fail.yaml"


def pass_case(rule_id: str) -> Path:
    return CASES / rule_id / "pass.yaml"


def scope(module: ModuleType) -> str:
    return getattr(module, "SCOPE", "app")


def _marked(path: Path, marker: re.Pattern[str]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = marker.search(text)
        if match:
            found[number] = [part.strip() for part in match["ids"].split(",")]
    return found


def markers(path: Path) -> dict[int, list[str]]:
    """1-based line number -> the rule IDs its '# expect:' comment names."""
    return _marked(path, MARKER)


def ref_markers(path: Path) -> dict[int, list[str]]:
    """1-based line number -> the rule IDs its '# ref:' comment names."""
    return _marked(path, REF_MARKER)


def expected_lines(path: Path, rule_id: str) -> set[int]:
    return {line for line, ids in markers(path).items() if rule_id in ids}


def referenced_lines(path: Path, rule_id: str) -> set[int]:
    return {line for line, ids in ref_markers(path).items() if rule_id in ids}


def source_line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the only line of path that contains text."""
    numbers = [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text in line
    ]
    assert len(numbers) == 1, (path, text, numbers)
    return numbers[0]


def documents(path: Path) -> list[list[str]]:
    """The lines of each YAML document of a file."""
    found: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.rstrip() == DOCUMENT_SEPARATOR:
            found.append([])
        else:
            found[-1].append(line)
    return found


def names_other_places(rule_id: str) -> bool:
    """Whether the rule's messages name another spec or setting as file:line."""
    return "where(" in inspect.getsource(RULES[rule_id])


def schema_or_yaml_problems(problems: list[Problem]) -> list[str]:
    """Problems that come from the loader or the schema, not from a semantic rule."""
    return [str(problem) for problem in problems if problem.rule == ""]


def rule_problems(path: Path, rule_id: str) -> list[Problem]:
    return [problem for problem in check_paths([str(path)]).problems if problem.rule == rule_id]


# --- (a) fail.yaml: the rule reports exactly the marked lines -------------------------------


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_reports_exactly_the_marked_lines(rule_id: str) -> None:
    path = fail_case(rule_id)
    expected = expected_lines(path, rule_id)
    assert expected, f"{path} marks no line with '# expect: {rule_id}'"

    result = check_paths([str(path)])

    assert schema_or_yaml_problems(result.problems) == []
    assert result.spec_count, f"{path} loaded no spec"
    found = [problem for problem in result.problems if problem.rule == rule_id]
    assert found, f"{rule_id} reported nothing in {path}"
    assert {problem.line for problem in found} == expected
    # One finding per place: a rule must not report the same field twice.
    places = [(problem.line, problem.column, problem.path) for problem in found]
    assert len(places) == len(set(places)), found


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_has_what_the_rule_scope_needs(rule_id: str) -> None:
    """App rules need Apps; Cluster rules need a Cluster (and Apps when they report them)."""
    result = check_paths([str(fail_case(rule_id))])
    if scope(RULES[rule_id]) == "cluster":
        assert result.clusters, "a cluster rule's case needs a Cluster spec"
    else:
        assert result.apps or len(result.clusters) > 1, "nothing for the rule to compare"
    reported = {problem.file for problem in result.problems if problem.rule == rule_id}
    assert reported == {str(fail_case(rule_id))}


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_problems_carry_the_rule_metadata(rule_id: str) -> None:
    path = fail_case(rule_id)
    rule = RULES[rule_id]
    found = rule_problems(path, rule_id)

    assert found
    for problem in found:
        assert problem.file == str(path)
        assert problem.severity is rule.SEVERITY
        assert problem.is_error is (rule.SEVERITY is Severity.ERROR)
        assert problem.message.strip()
        # The field path names the flagged field of the spec, as users write it.
        root = problem.path.split(".")[0].split("[")[0]
        assert root in {"kind", "metadata", "spec"}, problem
        assert problem.column >= 1
        # The column is on the marked line: inside its text, before the marker comment.
        text = source_line(path, problem.line)
        assert problem.column <= text.index("#"), (problem, text)
        assert not text[problem.column - 1].isspace(), (problem, text)


@pytest.mark.parametrize("rule_id", cases("fail_case_triggers_no_other_rule", RULE_IDS))
def test_fail_case_triggers_no_other_rule(rule_id: str) -> None:
    """Each case isolates its rule, so that a pass here is not thanks to another rule."""
    problems = check_paths([str(fail_case(rule_id))]).problems
    assert sorted({problem.rule for problem in problems}) == [rule_id], [str(p) for p in problems]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_markers_are_well_formed(rule_id: str) -> None:
    path = fail_case(rule_id)
    for kind, found in (("expect", markers(path)), ("ref", ref_markers(path))):
        for line, ids in found.items():
            assert ids, f"line {line}: '# {kind}:' names no rule"
            for marked in ids:
                assert RULE_ID.match(marked), f"line {line}: {marked!r} is not a rule ID"
                assert marked == rule_id, f"line {line}: marks {marked} in the {rule_id} case"
    assert not set(markers(path)) & set(ref_markers(path)), "a line both expected and ref"


@pytest.mark.parametrize("rule_id", [r for r in RULE_IDS if names_other_places(r)])
def test_fail_case_message_names_another_place(rule_id: str) -> None:
    """Rules that point at a second spec or setting name it as file:line in the message."""
    path = fail_case(rule_id)
    place = re.compile(re.escape(str(path)) + r":(?P<line>\d+)\b")
    line_count = len(path.read_text(encoding="utf-8").splitlines())
    for problem in rule_problems(path, rule_id):
        match = place.search(problem.message)
        assert match, problem.message
        assert 1 <= int(match["line"]) <= line_count, problem.message


@pytest.mark.parametrize(
    "rule_id",
    cases(
        "message_names_the_referenced_line",
        [r for r in RULE_IDS if fail_case(r).is_file() and referenced_lines(fail_case(r), r)],
    ),
)
def test_fail_case_message_names_the_referenced_line(rule_id: str) -> None:
    """The file:line in the message is the line marked '# ref:' (the setting it names)."""
    path = fail_case(rule_id)
    referenced = referenced_lines(path, rule_id)
    assert len(referenced) == 1, "mark the one line the messages name with '# ref:'"
    (line,) = referenced
    for problem in rule_problems(path, rule_id):
        named = re.findall(re.escape(str(path)) + r":(\d+)\b", problem.message)
        assert named == [str(line)], (problem.message, line)


# --- (b) pass.yaml: the fix is accepted ------------------------------------------------------


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_pass_case_is_accepted(rule_id: str) -> None:
    path = pass_case(rule_id)

    result = check_paths([str(path)])

    assert schema_or_yaml_problems(result.problems) == []
    assert [str(p) for p in result.problems if p.rule == rule_id] == []
    assert result.spec_count, f"{path} loaded no spec"


@pytest.mark.parametrize("rule_id", cases("pass_case_is_clean_and_unmarked", RULE_IDS))
def test_pass_case_is_clean_and_unmarked(rule_id: str) -> None:
    path = pass_case(rule_id)
    assert markers(path) == {}, f"{path} has '# expect:' markers"
    assert ref_markers(path) == {}, f"{path} has '# ref:' markers"
    assert [str(problem) for problem in check_paths([str(path)]).problems] == []


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_pass_case_is_the_same_specs_as_the_fail_case(rule_id: str) -> None:
    """The pair shows the boundary: the same specs, only the offending part changed.

    Only the fix of a rule about too many specs (EKS111, one Cluster per run) removes
    whole documents.
    """
    failing = check_paths([str(fail_case(rule_id))])
    passing = check_paths([str(pass_case(rule_id))])
    assert [app.name for app in passing.apps] == [app.name for app in failing.apps]
    fail_clusters = [cluster.name for cluster in failing.clusters]
    pass_clusters = [cluster.name for cluster in passing.clusters]
    fail_documents, pass_documents = documents(fail_case(rule_id)), documents(pass_case(rule_id))
    removed: list[list[str]] = []
    if pass_clusters != fail_clusters:
        assert rule_id == "EKS111", (fail_clusters, pass_clusters)
        assert pass_clusters == fail_clusters[: len(pass_clusters)]
        removed = fail_documents[len(pass_documents) :]
    slack = sum(len(document) + 1 for document in removed)
    fail_text = fail_case(rule_id).read_text(encoding="utf-8").splitlines()
    pass_text = pass_case(rule_id).read_text(encoding="utf-8").splitlines()
    assert abs(len(fail_text) - len(pass_text)) <= 3 + slack


@pytest.mark.parametrize("rule_id", cases("pass_case_renders", RULE_IDS))
def test_pass_case_renders(
    rule_id: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = pass_case(rule_id)
    result = check_paths([str(path)])

    code = run(["render", str(path)])
    out, err = capsys.readouterr()

    assert code == 0, err
    # Only the note that cluster files need -o DIR; no problem, not even a warning.
    assert [line for line in err.splitlines() if not line.startswith("note: ")] == []
    if any(app.ports for app in result.apps):  # an App without ports renders no Service
        assert "kind: Service" in out
    if any(c.vpc_cni and c.vpc_cni.custom_networking for c in result.clusters):
        assert "kind: ENIConfig" in out

    output = tmp_path / "out"
    assert run(["render", str(path), "-o", str(output)]) == 0
    rendered = render_paths([str(path)])
    written = {str(file.relative_to(output)) for file in output.rglob("*") if file.is_file()}
    assert written == set(output_files(rendered.manifests, rendered.clusters))
    for cluster in result.clusters:
        if cluster.load_balancer_controller or cluster.external_dns or cluster.vpc_cni:
            assert (output / "cluster" / cluster.name).is_dir()


# --- (c) every rule has a case, every case a rule --------------------------------------------


def test_every_rule_has_a_case_and_every_case_names_a_rule() -> None:
    assert set(CASE_IDS) - set(RULES) == set(), "case folders for unknown rules"
    assert set(RULES) - set(CASE_IDS) == set(), "rules without a case folder"
    for rule_id in RULES:
        assert fail_case(rule_id).is_file(), fail_case(rule_id)
        assert pass_case(rule_id).is_file(), pass_case(rule_id)
        extra = {entry.name for entry in (CASES / rule_id).iterdir()} - {"fail.yaml", "pass.yaml"}
        assert extra == set(), (rule_id, extra)
    stray = sorted(str(entry) for entry in CASES.iterdir() if not entry.is_dir())
    assert stray == []


def test_the_app_rules_and_the_cluster_cross_checks_are_registered() -> None:
    assert set(RULE_IDS) >= APP_RULE_IDS | CLUSTER_RULE_IDS
    assert all(RULE_ID.match(rule_id) for rule_id in RULE_IDS)
    for rule_id in APP_RULE_IDS:
        assert scope(RULES[rule_id]) in {"app", "all"}, rule_id
    for rule_id in CLUSTER_RULE_IDS:
        assert scope(RULES[rule_id]) in {"cluster", "all"}, rule_id
    assert scope(RULES["EKS111"]) == "all"


# --- (d) rule modules are documented and identified ------------------------------------------


def rule_modules() -> list[ModuleType]:
    """Every public module of the eksgen.lint.rules package, registered or not."""
    names = [
        info.name
        for info in pkgutil.iter_modules(eksgen.lint.rules.__path__)
        if not info.name.startswith("_")
    ]
    return [importlib.import_module(f"eksgen.lint.rules.{name}") for name in sorted(names)]


def test_every_rule_module_is_registered() -> None:
    modules = rule_modules()
    assert len(modules) == len(RULES)
    assert {module.__name__ for module in modules} == {m.__name__ for m in RULES.values()}
    # A private module (_name.py) that defines a rule ID would be left out silently, too.
    every = [
        importlib.import_module(f"eksgen.lint.rules.{info.name}")
        for info in pkgutil.iter_modules(eksgen.lint.rules.__path__)
    ]
    with_id = {module.__name__ for module in every if hasattr(module, "ID")}
    assert with_id == {module.__name__ for module in RULES.values()}


def test_rule_ids_and_names_are_unique() -> None:
    modules = rule_modules()
    ids = [module.ID for module in modules]
    names = [module.NAME for module in modules]
    assert len(ids) == len(set(ids)), sorted(ids)
    assert len(names) == len(set(names)), sorted(names)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_module_is_documented(rule_id: str) -> None:
    module = RULES[rule_id]
    doc = module.__doc__
    assert doc is not None
    assert doc.strip()
    assert RULE_ID.match(module.ID)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", module.NAME), module.NAME
    first_line = doc.strip().splitlines()[0]
    assert first_line.startswith(f"{module.ID} {module.NAME}: "), first_line
    assert len(first_line) > len(f"{module.ID} {module.NAME}: ")
    lines = [line.strip() for line in doc.splitlines()]
    assert any(line.startswith("FAIL: ") for line in lines), "no FAIL example"
    assert any(line.startswith("PASS: ") for line in lines), "no PASS example"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_module_has_severity_and_the_check_of_its_scope(rule_id: str) -> None:
    module = RULES[rule_id]
    assert isinstance(module.SEVERITY, Severity)
    rule_scope = scope(module)
    assert rule_scope in ENTRY_POINTS, rule_scope
    entry = ENTRY_POINTS[rule_scope]
    assert callable(getattr(module, entry, None)), f"SCOPE {rule_scope!r} needs {entry}()"
    # The engine calls only the entry point of the scope: another one would never run.
    for other in set(ENTRY_POINTS.values()) - {entry}:
        assert not hasattr(module, other), f"{other}() of a rule with SCOPE {rule_scope!r}"
    arity = {"check": 1, "check_all": 2, "check_cluster": 2}[entry]
    assert len(inspect.signature(getattr(module, entry)).parameters) == arity


def test_severities_match_the_documented_warnings() -> None:
    assert set(WARNING_RULE_IDS) >= DOCUMENTED_WARNINGS
    assert set(ERROR_RULE_IDS).isdisjoint(DOCUMENTED_WARNINGS)
    assert set(ERROR_RULE_IDS) | set(WARNING_RULE_IDS) | set(INFO_RULE_IDS) == set(RULE_IDS)


@pytest.mark.parametrize("rule_id", cases("warning_is_documented", WARNING_RULE_IDS))
def test_warning_is_documented(rule_id: str) -> None:
    assert "warning" in RULES[rule_id].__doc__.lower()


# --- (e) the command line: warnings do not block rendering, errors do ------------------------


@pytest.mark.parametrize("rule_id", WARNING_RULE_IDS)
def test_warning_rule_does_not_fail_render(
    rule_id: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert RULES[rule_id].SEVERITY is Severity.WARNING
    path = fail_case(rule_id)
    result = check_paths([str(path)])
    problems = [problem for problem in result.problems if problem.rule == rule_id]

    code = run(["render", str(path)])
    out, err = capsys.readouterr()

    assert code == 0, err
    if any(app.ports for app in result.apps):  # an App without ports renders no Service
        assert "kind: Service" in out
        assert "apiVersion: v1" in out
    assert {problem.line for problem in problems} == expected_lines(path, rule_id)
    for problem in problems:
        # Each warning at its place (the marked line), labelled, with the rule ID.
        prefix = f"{path}:{problem.line}:{problem.column}: warning: {problem.path}: "
        reported = [entry for entry in err.splitlines() if entry.startswith(prefix)]
        assert len(reported) == 1, err
        assert reported[0].endswith(f"({rule_id})"), reported[0]
    count = len(problems)
    assert f"0 errors, {count} warning{'' if count == 1 else 's'}" in err

    # Written too: warnings do not stop -o DIR.
    output = tmp_path / "out"
    assert run(["render", str(path), "-o", str(output)]) == 0
    assert (output / "kustomization.yaml").is_file()


@pytest.mark.parametrize("rule_id", ERROR_RULE_IDS)
def test_error_rule_fails_render(
    rule_id: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = fail_case(rule_id)
    problems = rule_problems(path, rule_id)

    code = run(["render", str(path)])
    out, err = capsys.readouterr()

    assert code == 1
    assert out == ""
    reported = [FILE_LINE_COL.match(entry) for entry in err.splitlines()]
    locations = {(m["file"], int(m["line"]), int(m["column"])) for m in reported if m}
    assert locations == {(str(path), p.line, p.column) for p in problems}
    assert {line for _, line, _ in locations} == expected_lines(path, rule_id)
    for problem in problems:
        assert f"{path}:{problem.line}:{problem.column}: {problem.path}: " in err
        assert " warning: " not in err
    assert err.count(f"({rule_id})") == len(problems)
    count = len(problems)
    assert f"{count} error{'' if count == 1 else 's'}, 0 warnings" in err

    # Nothing written: the output folder is not created.
    output = tmp_path / "out"
    assert run(["render", str(path), "-o", str(output)]) == 1
    assert not output.exists()
    assert capsys.readouterr().out == ""


def test_error_render_points_at_the_flagged_value(capsys: pytest.CaptureFixture[str]) -> None:
    """The column of a value-pointing finding is where the value starts on the line."""
    path = fail_case("EKS001")

    code = run(["render", str(path)])
    out, err = capsys.readouterr()

    assert code == 1
    assert out == ""
    lines = sorted(expected_lines(path, "EKS001"))
    assert len(lines) == 2
    for line in lines:
        column = source_line(path, line).index("UDP") + 1
        assert f"{path}:{line}:{column}: spec.ports[" in err, err


# --- the examples: one Cluster and its Apps, cross-checked ----------------------------------


def broken_examples(tmp_path: Path) -> Path:
    """A copy of examples/ whose cluster turns security groups for pods off."""
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    cluster = copy / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    assert text.count("podSecurityGroups: true") == 1
    cluster.write_text(text.replace("podSecurityGroups: true", "podSecurityGroups: false"))
    return copy


def test_examples_pass_the_cluster_cross_checks_until_pod_security_groups_are_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check_paths([str(EXAMPLES)])
    assert [cluster.file for cluster in result.clusters] == [str(EXAMPLES / "cluster.yaml")]
    assert len(result.apps) == 14
    assert [str(p) for p in result.problems if p.rule.startswith("EKS1")] == []
    assert run(["render", str(EXAMPLES), "-o", str(tmp_path / "out")]) == 0
    assert "(EKS1" not in capsys.readouterr().err

    copy = broken_examples(tmp_path)
    app_file, cluster_file = copy / "db-access.yaml", copy / "cluster.yaml"
    # Infos (open internet-facing ALBs, the SGP reminder) do not matter here.
    problems = [p for p in check_paths([str(copy)]).problems if p.severity is not Severity.INFO]

    # Both Apps with dbAccess: the API's and the worker's, which has no ports.
    assert [(p.rule, Path(p.file).name) for p in problems] == [
        ("EKS101", "db-access.yaml"),
        ("EKS101", "worker-db-access.yaml"),
    ], [str(p) for p in problems]
    problem = problems[0]
    line = line_of(app_file, "dbAccess:")
    column = source_line(app_file, line).index("dbAccess") + 1
    assert (problem.file, problem.line, problem.column) == (str(app_file), line, column)
    assert problem.path == "spec.dbAccess"
    # The message names the cluster file and a line of its vpcCni section.
    named = re.findall(re.escape(str(cluster_file)) + r":(\d+)\b", problem.message)
    assert len(named) == 1, problem.message
    vpc_cni = line_of(cluster_file, "  vpcCni:")
    section = range(vpc_cni, line_of(cluster_file, "  nodeGroups:"))
    assert int(named[0]) in section, problem.message

    output = tmp_path / "broken-out"
    assert run(["render", str(copy), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"{app_file}:{line}:{column}: spec.dbAccess: " in err
    assert f"{cluster_file}:{named[0]}" in err
    assert "(EKS101)" in err
    assert not output.exists()


def test_examples_eks101_names_the_pod_security_groups_setting(tmp_path: Path) -> None:
    """The cluster line named is vpcCni's key or its podSecurityGroups, not another child."""
    copy = broken_examples(tmp_path)
    cluster_file = copy / "cluster.yaml"
    found = [p for p in check_paths([str(copy)]).problems if p.rule == "EKS101"]
    (problem,) = [p for p in found if p.file == str(copy / "db-access.yaml")]
    settings = {line_of(cluster_file, "  vpcCni:"), line_of(cluster_file, "podSecurityGroups:")}
    named = re.findall(re.escape(str(cluster_file)) + r":(\d+)\b", problem.message)
    assert [int(line) for line in named] in [[line] for line in settings], problem.message


# --- (f) Apps without ports: every rule runs on them, and what it finds makes sense ----------

# Workers that serve nothing: a bare one, one with its own selector and podSelector, and one
# with everything an App without ports may still carry (annotations of both controllers, a
# dns section, an empty podSelector, more groups than the default quota).
WORKERS = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: bare, namespace: jobs}
spec:
  dbAccess: {securityGroupIds: [sg-0123456789abcdef0]}
---
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: selected, namespace: jobs, labels: {team: payments}}
spec:
  selector: {app: selected}
  dbAccess:
    securityGroupIds: [sg-0123456789abcdef0]
    podSelector: {db-access: "true"}
---
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: loaded
  namespace: jobs
  annotations:
    alb.ingress.kubernetes.io/waf-acl-id: "499e8b99-6671-4614-a86d-adb1810b7fbe"
    alb.ingress.kubernetes.io/healthcheck-path: /healthz
    service.beta.kubernetes.io/aws-load-balancer-inbound-sg-rules-on-private-link-traffic: "off"
    external-dns.alpha.kubernetes.io/aws-weight: "10"
    external-dns.alpha.kubernetes.io/hostname: loaded.example.com
    kubernetes.io/ingress.class: alb
    service.kubernetes.io/topology-mode: Auto
    service.kubernetes.io/topology-aware-hints: auto
spec:
  dns: {ttl: 60}
  dbAccess:
    securityGroupIds: [sg-00000001, sg-00000002, sg-00000003, sg-00000004, sg-00000005, sg-00000006]
    podSelector: {}
"""
# (app, rule) -> how many findings; every other rule finds nothing on these Apps.
WORKER_FINDINGS = {
    ("bare", "EKS025"): 1,
    ("selected", "EKS025"): 1,
    ("loaded", "EKS025"): 1,
    ("loaded", "EKS013"): 2,  # the generated healthcheck-path and hostname keys
    ("loaded", "EKS019"): 1,  # dns without hosts, which need ports
    ("loaded", "EKS021"): 1,  # podSelector {}
    ("loaded", "EKS027"): 4,  # waf-acl-id, inbound-sg-rules..., aws-weight and the class key
    ("loaded", "EKS046"): 1,  # six groups
    ("loaded", "EKS048"): 2,  # the two topology keys, which only a Service carries
}


def _run_every_rule(path: Path) -> dict[tuple[str, str], list[str]]:
    """(app name, rule ID) -> messages, each rule run on its own through its entry point."""
    checked = check_paths([str(path)])
    assert [str(p) for p in checked.problems if not p.rule] == []
    found: dict[tuple[str, str], list[str]] = {}
    for rule in RULES.values():
        if scope(rule) == "all":
            findings = list(rule.check_all(checked.apps, checked.clusters))
        elif scope(rule) == "cluster":
            findings = [
                f for c in checked.clusters[:1] for f in rule.check_cluster(c, checked.apps)
            ]
        else:
            findings = [finding for app in checked.apps for finding in rule.check(app)]
        for finding in findings:
            key = (finding.spec.name, rule.ID)
            found.setdefault(key, []).append(finding.message)
    return found


@pytest.mark.parametrize("pod_security_groups", [True, False])
def test_every_rule_runs_on_apps_without_ports(tmp_path: Path, pod_security_groups: bool) -> None:
    cluster = (EXAMPLES / "cluster.yaml").read_text(encoding="utf-8")
    if not pod_security_groups:
        cluster = cluster.replace("podSecurityGroups: true", "podSecurityGroups: false")
    path = tmp_path / "workers.yaml"
    path.write_text(WORKERS + "---\n" + cluster, encoding="utf-8")

    found = _run_every_rule(path)

    expected = dict(WORKER_FINDINGS)
    if not pod_security_groups:  # each of them needs the cluster's security groups for pods
        expected |= {(name, "EKS101"): 1 for name in ("bare", "selected", "loaded")}
    counts = {key: len(messages) for key, messages in found.items() if key[0] != "my-cluster"}
    assert counts == expected, found
    messages = [message for key, items in found.items() for message in items]
    # A generated key points at its field, and says that field needs ports; the topology
    # annotations (EKS037) are not checked, since no Service carries them.
    assert all("which needs spec.ports" in m for m in found[("loaded", "EKS013")])
    # Nothing speaks of a Service, a load balancer check or a port as if the Apps had them.
    assert not [m for m in messages if "the Service" in m or "health checks" in m], messages
    # The engine, which runs the same rules, reports the same ones.
    engine = check_paths([str(path)]).problems
    assert sorted({p.rule for p in engine if p.rule}) == sorted({rule for _, rule in expected})


def test_rules_name_the_security_group_policy_of_an_app_without_ports(tmp_path: Path) -> None:
    """The size rules weigh the SecurityGroupPolicy, the only object such an App renders."""
    blob = "x" * 300_000
    path = tmp_path / "heavy.yaml"
    path.write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\n"
        f"metadata: {{name: heavy, annotations: {{example.com/blob: {blob}}}}}\n"
        "spec: {dbAccess: {securityGroupIds: [sg-0123456789abcdef0]}}\n",
        encoding="utf-8",
    )
    (problem,) = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert problem.rule == "EKS029"
    assert problem.message.startswith("the annotations of the SecurityGroupPolicy would take ")


# --- (g) rules about one field are imported only when an App gives it -------------------------


@pytest.mark.parametrize(
    "path",
    sorted(CASES.glob("*/*.yaml")) + sorted(EXAMPLES.glob("*.yaml")),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_the_engine_skips_only_rules_that_would_find_nothing(path: Path) -> None:
    """Each rule the engine skips for want of its field finds nothing when run anyway."""
    from eksgen.lint.engine import spec_ignores
    from eksgen.lint.rules import _NEEDS, needed

    checked = check_paths([str(path)])
    for rule_id in _NEEDS:
        if needed(rule_id, checked.apps):
            continue
        rule = RULES[rule_id]
        found = [
            finding
            for app in checked.apps
            if rule_id not in spec_ignores(app)
            for finding in rule.check(app)
        ]
        assert found == [], (rule_id, [finding.message for finding in found])
