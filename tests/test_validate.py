"""eksgen validate as a rule engine: explain, reports (text, JSON, SARIF), ignores, --strict."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from conftest import EXAMPLES, upstream
from eksgen.cli.app import run
from eksgen.errors import Problem, Severity
from eksgen.lint.report import text_report, use_colour
from eksgen.lint.rules import RULES

UDP_ON_ALB = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: web
{annotations}spec:
  ports:
    - port: 53
      protocol: UDP
  exposure:
    type: alb
"""
WARN_HOSTS = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: quiet
{annotations}spec:
  ports: [{{port: 80}}]
  hosts: [quiet.example.com]
"""


def spec(tmp_path: Path, template: str, annotations: str = "", name: str = "app.yaml") -> Path:
    path = tmp_path / name
    path.write_text(template.format(annotations=annotations))
    return path


def test_explain_prints_rationale_fix_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "EKS001"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("EKS001 udp-requires-nlb (error)\n")
    assert "An Application Load Balancer speaks HTTP and HTTPS only" in out
    rule = RULES["EKS001"]
    if getattr(rule, "FIX", ""):
        assert f"Fix: {rule.FIX}" in out


def test_explain_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "EKS999"]) == 2
    assert "unknown rule 'EKS999'" in capsys.readouterr().err


def test_explain_list_names_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)


def test_ignore_annotation_switches_a_rule_off_for_one_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ignored = spec(tmp_path, UDP_ON_ALB, '  annotations: {eksgen.dev/ignore: "EKS001"}\n')
    assert run(["validate", str(ignored), "--output", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [p for p in report["problems"] if p["rule"] == "EKS001"] == []
    assert {"rule": "EKS001", "scope": "spec", "file": str(ignored)} in report["skipped"]


def test_ignore_annotation_is_not_copied_to_the_manifests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, WARN_HOSTS, '  annotations: {eksgen.dev/ignore: "EKS012", x.io/y: z}\n')
    assert run(["render", str(path)]) == 0
    captured = capsys.readouterr()
    assert "eksgen.dev/ignore" not in captured.out and "x.io/y: z" in captured.out
    assert "EKS012" not in captured.err


def test_unknown_rule_in_the_ignore_annotation_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, WARN_HOSTS, '  annotations: {eksgen.dev/ignore: "EKS012,EKS999"}\n')
    assert run(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        f'{path}:5:36: metadata.annotations["eksgen.dev/ignore"]: unknown rule ID(s) EKS999' in err
    )


def test_repository_config_switches_rules_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".eksgen.yaml").write_text("ignore: [EKS001]\n")
    sub = tmp_path / "apps"
    sub.mkdir()
    path = spec(sub, UDP_ON_ALB)
    monkeypatch.chdir(sub)  # found in a parent folder
    assert run(["validate", str(path), "--output", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["skipped"] == [
        {"rule": "EKS001", "scope": "repository", "file": str(tmp_path / ".eksgen.yaml")}
    ]
    assert run(["validate", str(path), "--config", str(tmp_path / ".eksgen.yaml")]) == 0


def test_bad_config_is_reported_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text("ignore: [EKS001, EKS999]\nstrict: true\n")
    path = spec(tmp_path, WARN_HOSTS)
    assert run(["render", str(path), "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"{config}:1:18: ignore[1]: 'EKS999' is not a rule ID" in err
    assert f"{config}:2:1: strict: unknown setting 'strict'" in err
    assert run(["validate", str(path), "--config", str(tmp_path / "none.yaml")]) == 2


def test_strict_makes_warnings_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec(tmp_path, WARN_HOSTS)
    assert run(["validate", str(path)]) == 0
    assert run(["validate", str(path), "--strict"]) == 1
    assert "warning: spec.hosts" in capsys.readouterr().err


def test_text_report_colours_and_groups_only_when_asked() -> None:
    problems = [
        Problem("b.yaml", 2, 1, "spec", "bad", "EKS001"),
        Problem("a.yaml", 1, 1, "spec.hosts", "meh", "EKS012", Severity.WARNING),
    ]
    plain = text_report(problems)
    assert "\033[" not in plain
    assert plain.splitlines()[:2] == [str(problems[1]), str(problems[0])]
    coloured = text_report(problems, colour=True)
    assert "\033[1ma.yaml\033[0m" in coloured and "\033[31m" in coloured and "\033[33m" in coloured


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Tty())


def test_sarif_output_is_valid_sarif_2_1_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = json.loads(upstream("sarif", "sarif-schema-2.1.0.json").read_text())
    bad = spec(tmp_path, UDP_ON_ALB)
    typo = spec(tmp_path, WARN_HOSTS.replace("hosts:", "hostz:"), name="typo.yaml")
    (tmp_path / ".eksgen.yaml").write_text("ignore: [EKS012]\n")
    assert (
        run(
            [
                "validate",
                str(tmp_path),
                "--output",
                "sarif",
                "--config",
                str(tmp_path / ".eksgen.yaml"),
            ]
        )
        == 1
    )
    sarif = json.loads(capsys.readouterr().out)
    errors = sorted(Draft4Validator(schema).iter_errors(sarif), key=str)
    assert errors == []
    (run_,) = sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == {"schema", *RULES}
    results = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in run_["results"]
    }
    assert ("EKS001", 8) in results and ("schema", 7) in results
    by_id = {r["ruleId"]: r for r in run_["results"]}
    assert (
        by_id["EKS001"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == bad.as_uri()
    )
    assert rules[by_id["EKS001"]["ruleIndex"]]["id"] == "EKS001"
    overrides = run_["invocations"][0]["ruleConfigurationOverrides"]
    assert (
        overrides[0]["descriptor"]["id"] == "EKS012"
        and not overrides[0]["configuration"]["enabled"]
    )
    assert typo.exists()


def test_validate_examples_has_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(EXAMPLES), "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["errorCount"] == 0
