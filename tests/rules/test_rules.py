"""Data-driven tests of the semantic rules.

Every rule has a folder cases/<RULE_ID>/ with two App specs:

* fail.yaml breaks the rule; each line where the rule must report a problem carries a
  trailing comment ``# expect: <RULE_ID>``.
* pass.yaml is the same spec with the problem fixed; the rule must accept it.

Both files must pass the JSON schema, so that the case really exercises the rule and not
the loader or the schema.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import eksgen.rules
from eksgen.api import check_paths
from eksgen.cli import run
from eksgen.errors import Problem, Severity
from eksgen.rules import RULES

CASES = Path(__file__).parent / "cases"
RULE_IDS = sorted(RULES)
ERROR_RULE_IDS = [rule_id for rule_id in RULE_IDS if RULES[rule_id].SEVERITY is Severity.ERROR]
WARNING_RULE_IDS = ["EKS012", "EKS019"]

RULE_ID = re.compile(r"^EKS\d{3}$")
# Any comment that looks like a marker, well formed or not (well-formedness is a test).
MARKER = re.compile(r"#\s*expect\b:?\s*(?P<ids>.*?)\s*$")
FILE_LINE_COL = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+):")


def fail_case(rule_id: str) -> Path:
    return CASES / rule_id / "fail.yaml"


def pass_case(rule_id: str) -> Path:
    return CASES / rule_id / "pass.yaml"


def markers(path: Path) -> dict[int, list[str]]:
    """1-based line number -> the rule IDs its '# expect:' comment names."""
    found: dict[int, list[str]] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(text)
        if match:
            found[number] = [part.strip() for part in match["ids"].split(",")]
    return found


def expected_lines(path: Path, rule_id: str) -> set[int]:
    return {line for line, ids in markers(path).items() if rule_id in ids}


def source_line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def schema_or_yaml_problems(problems: list[Problem]) -> list[str]:
    """Problems that come from the loader or the schema, not from a semantic rule."""
    return [str(problem) for problem in problems if problem.rule == ""]


# --- (a) fail.yaml: the rule reports exactly the marked lines -------------------------------


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_reports_exactly_the_marked_lines(rule_id: str) -> None:
    path = fail_case(rule_id)
    expected = expected_lines(path, rule_id)
    assert expected, f"{path} marks no line with '# expect: {rule_id}'"

    result = check_paths([str(path)])

    assert schema_or_yaml_problems(result.problems) == []
    assert result.apps, f"{path} loaded no app"
    found = [problem for problem in result.problems if problem.rule == rule_id]
    assert found, f"{rule_id} reported nothing in {path}"
    assert {problem.line for problem in found} == expected
    # One finding per place: a rule must not report the same field twice.
    places = [(problem.line, problem.column, problem.path) for problem in found]
    assert len(places) == len(set(places)), found


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_problems_carry_the_rule_metadata(rule_id: str) -> None:
    path = fail_case(rule_id)
    rule = RULES[rule_id]
    found = [p for p in check_paths([str(path)]).problems if p.rule == rule_id]

    assert found
    for problem in found:
        assert problem.file == str(path)
        assert problem.severity is rule.SEVERITY
        assert problem.is_error is (rule.SEVERITY is Severity.ERROR)
        assert problem.message.strip()
        # The field path names the flagged field of the spec, as users write it.
        assert problem.path.split(".")[0].split("[")[0] in {"metadata", "spec"}, problem
        assert problem.column >= 1
        # The column is on the marked line: inside its text, before the marker comment.
        text = source_line(path, problem.line)
        assert problem.column <= text.index("#"), (problem, text)
        assert not text[problem.column - 1].isspace(), (problem, text)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_triggers_no_other_rule(rule_id: str) -> None:
    """Each case isolates its rule, so that a pass here is not thanks to another rule."""
    problems = check_paths([str(fail_case(rule_id))]).problems
    assert sorted({problem.rule for problem in problems}) == [rule_id]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fail_case_markers_are_well_formed(rule_id: str) -> None:
    for line, ids in markers(fail_case(rule_id)).items():
        assert ids, f"line {line}: '# expect:' names no rule"
        for marked in ids:
            assert RULE_ID.match(marked), f"line {line}: {marked!r} is not a rule ID"
            assert marked == rule_id, f"line {line}: marks {marked} in the {rule_id} case"


# --- (b) pass.yaml: the fix is accepted ------------------------------------------------------


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_pass_case_is_accepted(rule_id: str) -> None:
    path = pass_case(rule_id)

    result = check_paths([str(path)])

    assert schema_or_yaml_problems(result.problems) == []
    assert [str(p) for p in result.problems if p.rule == rule_id] == []
    assert result.apps, f"{path} loaded no app"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_pass_case_is_clean_and_unmarked(rule_id: str) -> None:
    path = pass_case(rule_id)
    assert markers(path) == {}, f"{path} has '# expect:' markers"
    assert [str(problem) for problem in check_paths([str(path)]).problems] == []


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_pass_case_is_the_same_app_as_the_fail_case(rule_id: str) -> None:
    """The pair shows the boundary: the same apps, only the offending part changed."""
    failing = check_paths([str(fail_case(rule_id))]).apps
    passing = check_paths([str(pass_case(rule_id))]).apps
    assert [app.name for app in passing] == [app.name for app in failing]
    fail_text = fail_case(rule_id).read_text(encoding="utf-8").splitlines()
    pass_text = pass_case(rule_id).read_text(encoding="utf-8").splitlines()
    assert abs(len(fail_text) - len(pass_text)) <= 3


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_pass_case_renders(rule_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["render", str(pass_case(rule_id))])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    assert "kind: Service" in out


# --- (c) every rule has a case, every case a rule --------------------------------------------


def test_every_rule_has_a_case_and_every_case_names_a_rule() -> None:
    folders = {entry.name for entry in CASES.iterdir() if entry.is_dir()}
    assert folders - set(RULES) == set(), "case folders for unknown rules"
    assert set(RULES) - folders == set(), "rules without a case folder"
    for rule_id in RULES:
        assert fail_case(rule_id).is_file(), fail_case(rule_id)
        assert pass_case(rule_id).is_file(), pass_case(rule_id)
    stray = sorted(str(entry) for entry in CASES.iterdir() if not entry.is_dir())
    assert stray == []


def test_there_are_twenty_rules() -> None:
    assert [f"EKS{number:03d}" for number in range(1, 21)] == RULE_IDS


# --- (d) rule modules are documented and identified ------------------------------------------


def rule_modules() -> list[object]:
    """Every public module of the eksgen.rules package, registered or not."""
    names = [
        info.name
        for info in pkgutil.iter_modules(eksgen.rules.__path__)
        if not info.name.startswith("_")
    ]
    return [importlib.import_module(f"eksgen.rules.{name}") for name in sorted(names)]


def test_every_rule_module_is_registered() -> None:
    modules = rule_modules()
    assert len(modules) == len(RULES)
    assert {module.__name__ for module in modules} == {m.__name__ for m in RULES.values()}


def test_rule_ids_and_names_are_unique() -> None:
    modules = rule_modules()
    ids = [module.ID for module in modules]  # type: ignore[attr-defined]
    names = [module.NAME for module in modules]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids)), sorted(ids)
    assert len(names) == len(set(names)), sorted(names)
    for rule_id, module in RULES.items():
        assert rule_id == module.ID


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
def test_rule_module_has_severity_and_check(rule_id: str) -> None:
    module = RULES[rule_id]
    assert isinstance(module.SEVERITY, Severity)
    if getattr(module, "SCOPE", "app") == "all":
        assert callable(module.check_all)
    else:
        assert getattr(module, "SCOPE", "app") == "app"
        assert callable(module.check)


def test_severities_match_the_documented_warnings() -> None:
    warnings = [rule_id for rule_id in RULE_IDS if RULES[rule_id].SEVERITY is Severity.WARNING]
    assert warnings == WARNING_RULE_IDS
    for rule_id in warnings:
        assert "warning" in RULES[rule_id].__doc__.lower()


# --- (e) the command line: warnings do not block rendering, errors do ------------------------


@pytest.mark.parametrize("rule_id", WARNING_RULE_IDS)
def test_warning_rule_does_not_fail_render(
    rule_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert RULES[rule_id].SEVERITY is Severity.WARNING
    path = fail_case(rule_id)

    code = run(["render", str(path)])
    out, err = capsys.readouterr()

    assert code == 0, err
    assert "kind: Service" in out
    assert "apiVersion: v1" in out
    for line in sorted(expected_lines(path, rule_id)):
        # Warnings point at the key; its column is the first non-blank of the marked line.
        text = source_line(path, line)
        column = len(text) - len(text.lstrip()) + 1
        prefix = f"{path}:{line}:{column}: warning: "
        reported = [entry for entry in err.splitlines() if entry.startswith(prefix)]
        assert len(reported) == 1, err
        assert reported[0].endswith(f"({rule_id})"), reported[0]
    count = len(expected_lines(path, rule_id))
    assert f"0 errors, {count} warning{'' if count == 1 else 's'}" in err


@pytest.mark.parametrize("rule_id", ERROR_RULE_IDS)
def test_error_rule_fails_render(rule_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = fail_case(rule_id)
    problems = [p for p in check_paths([str(path)]).problems if p.rule == rule_id]

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
