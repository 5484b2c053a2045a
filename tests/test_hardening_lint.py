"""Hardening of the rule engine and its reports, from inputs a fuzzer found.

- Guards cannot be ignored: the rules whose finding means eksgen would write what Kubernetes
  or a controller refuses (or fail itself) run whatever eksgen.dev/ignore or .eksgen.yaml
  say, and an attempt to ignore one is an error that names it and says why.
- Blow-ups are refused before rendering, by linear checks: the ALB's rule quota (EKS205),
  the annotation size limit (EKS029), the object size (EKS030).
- kubernetes.io/ingress.class beside spec.ingressClassName: an error when they differ.
- Reports: file names with control characters stay on one line in text reports; SARIF URIs
  are percent-encoded, from the name's bytes on disk.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from eksgen.api import check_paths
from eksgen.cli.app import run
from eksgen.errors import Problem, Severity
from eksgen.lint.engine import check_specs
from eksgen.lint.explain import explain, markdown_table, rule_list
from eksgen.lint.report import sarif_report, text_report
from eksgen.lint.rules import RULES
from eksgen.model.app import build_app
from eksgen.spec.load import Document

CASES = Path(__file__).parent / "rules" / "cases"
GUARDS = sorted(rule_id for rule_id, rule in RULES.items() if rule.GUARD)
ADVICE = sorted(rule_id for rule_id, rule in RULES.items() if not rule.GUARD)
EXPECTED_GUARDS = {
    "EKS004",  # unknown-port-reference: rendering fails, the controller refuses ssl-ports
    "EKS005",  # duplicate-port: the API server refuses the Service
    "EKS006",  # port-name-required: the API server refuses the Service
    "EKS008",  # named-healthcheck-port-ip: the controller refuses the health check port
    "EKS009",  # healthcheck-interval-timeout: AWS refuses the target group
    "EKS013",  # generated-annotation: a hand-set key bypasses the checks of its spec field
    "EKS015",  # cidr-host-bits: an invalid CIDR is refused
    "EKS016",  # route-path-wildcard: the controller refuses the path
    "EKS017",  # alb-healthcheck-protocol: the controller refuses TCP on an ALB
    "EKS020",  # duplicate-app: one app's files overwrite another's
    "EKS028",  # ingress-class-annotation: the API server refuses the Ingress
    "EKS029",  # annotation-size: the API server refuses the object
    "EKS030",  # object-size: kubectl apply and the API server refuse the object
    "EKS035",  # ingress-host-ip: the API server refuses an IP address as an Ingress host
    "EKS036",  # route-path-segments: the API server refuses the path
    "EKS037",  # topology-annotation-mismatch: the API server refuses the Service
    "EKS043",  # nlb-ipv6-source-range: the controller refuses the Service
    "EKS044",  # alb-ipv6-only-source-ranges: the ALB would admit no one
    "EKS051",  # nlb-static-addresses: the controller refuses the Service
    "EKS054",  # grpc-success-codes: AWS refuses the health check matcher
    "EKS060",  # alb-auth-provider: the controller cannot build the Ingress's rules
    "EKS061",  # alb-mtls-trust-store: the controller cannot configure verify mode
    "EKS063",  # gateway-route-path: the API server refuses the HTTPRoute
    "EKS065",  # gateway-route-limits: the API server refuses the HTTPRoute
    "EKS067",  # gateway-group-name: the API server refuses the Gateway's name
    "EKS087",  # alb-route-action: no Ingress backend for an action that does not exist
    "EKS088",  # alb-forward-weights: the controller or ELBv2 refuses the forward
    "EKS089",  # alb-route-conditions-shared: one conditions key cannot hold two sets
    "EKS090",  # alb-condition-limits: ELBv2 refuses the listener rule
    "EKS091",  # alb-redirect-loop: ELBv2 refuses the redirect
    "EKS092",  # alb-listen-ports-clash: ELBv2 refuses a second listener on the port
    "EKS068",  # gateway-field-not-rendered: the load balancer would lack a setting
    "EKS080",  # tls-certificate-discovery: a TLS listener without a certificate
    "EKS070",  # target-group-binding-named-port-instance: the controller cannot open a name
    "EKS111",  # one-cluster: two clusters' files in one run
    "EKS116",  # certificate-region: the controller cannot create the listener
    "EKS117",  # prefix-delegation-no-warm-target: aws-node does not start
    "EKS119",  # default-tags-refused: the controller does not start
    "EKS125",  # unknown-ingress-class: no controller serves the Ingress
    "EKS126",  # ingress-class-namespace: the controller refuses the Ingress
    "EKS127",  # ingress-class-name-taken: two cluster-scoped objects of one name
    "EKS201",  # ingress-group-conflict: the controller stops reconciling the group
    "EKS204",  # load-balancer-name-collision: AWS refuses the second load balancer
    "EKS205",  # alb-rule-limit: the controller cannot create the rules
    "EKS208",  # gateway-name-collision: one object replaces another of its name
    "EKS210",  # target-group-bound-twice: the controller's webhook refuses the second binding
}
EXPECT = re.compile(r"#\s*expect:\s*(?P<ids>.*?)\s*$")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


def _with_ignore(source: Path, target: Path, value: str) -> Path:
    """A copy of a spec file whose every document asks to ignore the given rule IDs."""
    yaml = _yaml()
    documents = list(yaml.load_all(source.read_text(encoding="utf-8")))
    for document in documents:
        metadata = document.setdefault("metadata", {})
        annotations = metadata.get("annotations") or {}
        annotations["eksgen.dev/ignore"] = value
        metadata["annotations"] = annotations
    with target.open("w", encoding="utf-8") as stream:
        yaml.dump_all(documents, stream)
    return target


def _expected_count(rule_id: str) -> int:
    text = (CASES / rule_id / "fail.yaml").read_text(encoding="utf-8")
    return sum(
        1 for line in text.splitlines() if (m := EXPECT.search(line)) and rule_id in m["ids"]
    )


# --- guards and advice ----------------------------------------------------------------------


def test_every_rule_says_its_kind_explicitly() -> None:
    for rule_id, rule in RULES.items():
        assert isinstance(rule.__dict__.get("GUARD"), bool), f"{rule_id} has no GUARD = True/False"
        if rule.GUARD:
            assert rule.SEVERITY is Severity.ERROR, f"guard {rule_id} must be an error"
            reason = rule.__dict__.get("GUARD_REASON")
            assert isinstance(reason, str) and reason.strip() and not reason.endswith(".")
        else:
            assert "GUARD_REASON" not in rule.__dict__, rule_id


def test_the_guards_are_the_rules_that_protect_the_output() -> None:
    assert set(GUARDS) == EXPECTED_GUARDS


@pytest.mark.parametrize("rule_id", GUARDS)
def test_a_guards_fail_case_still_fails_with_the_ignore_annotation(
    rule_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_ignore(CASES / rule_id / "fail.yaml", tmp_path / "fail.yaml", rule_id)

    result = check_paths([str(path)])
    findings = [p for p in result.problems if p.rule == rule_id and "is a guard" not in p.message]
    attempts = [p for p in result.problems if p.rule == rule_id and "is a guard" in p.message]

    assert len(findings) == _expected_count(rule_id), [str(p) for p in result.problems]
    assert attempts, "ignoring a guard must be an error of its own"
    for attempt in attempts:
        assert attempt.is_error
        assert attempt.path == 'metadata.annotations["eksgen.dev/ignore"]'
        assert (
            f"{rule_id} {RULES[rule_id].NAME} is a guard and cannot be ignored" in attempt.message
        )
        assert RULES[rule_id].GUARD_REASON in attempt.message
    assert rule_id not in {item.rule for item in result.skipped}

    output = tmp_path / "out"
    assert run(["render", str(path), "-o", str(output)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert not output.exists()


@pytest.mark.parametrize("rule_id", GUARDS)
def test_a_guard_in_the_repository_config_is_an_error_at_its_item(
    rule_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / ".eksgen.yaml"
    config.write_text(f"ignore:\n  - EKS012\n  - {rule_id}\n", encoding="utf-8")
    path = CASES / rule_id / "fail.yaml"

    assert run(["validate", str(path), "--config", str(config), "--output", "json"]) == 1
    report = json.loads(capsys.readouterr().out)

    attempts = [p for p in report["problems"] if p["file"] == str(config)]
    assert [(p["line"], p["column"], p["path"], p["rule"]) for p in attempts] == [
        (3, 5, "ignore[1]", rule_id)
    ]
    assert "cannot be ignored" in attempts[0]["message"]
    findings = [p for p in report["problems"] if p["rule"] == rule_id and p["file"] == str(path)]
    assert len(findings) == _expected_count(rule_id)
    assert report["skipped"] == [{"rule": "EKS012", "scope": "repository", "file": str(config)}]


@pytest.mark.parametrize("rule_id", ["EKS001", "EKS012", "EKS023", "EKS027"])
def test_advice_is_still_skipped_by_the_ignore_annotation(rule_id: str, tmp_path: Path) -> None:
    assert rule_id in ADVICE
    path = _with_ignore(CASES / rule_id / "fail.yaml", tmp_path / "fail.yaml", rule_id)
    result = check_paths([str(path)])
    assert [str(p) for p in result.problems if p.rule == rule_id] == []
    assert rule_id in {item.rule for item in result.skipped}


def test_explain_shows_the_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Kind: guard: it cannot be ignored, because the API server refuses" in explain("EKS005")
    assert "Kind: advice: eksgen.dev/ignore" in explain("EKS012")
    kinds = {line.split()[0]: line.split()[2] for line in rule_list().splitlines()}
    assert kinds == {
        rule_id: "guard" if rule.GUARD else "advice" for rule_id, rule in RULES.items()
    }
    table = markdown_table().splitlines()
    assert table[0] == "| rule | name | severity | kind | what it catches |"
    assert "| EKS005 | duplicate-port | error | guard |" in markdown_table()
    assert run(["explain", "EKS020"]) == 0
    assert "Kind: guard" in capsys.readouterr().out


# --- blow-ups, refused before rendering ------------------------------------------------------


def _app_yaml(hosts: int, routes: int, extra: str = "", name: str = "web") -> str:
    host_lines = "".join(f"    - h{i}.example.com\n" for i in range(hosts))
    route_lines = "".join(f"    - path: /p{i}\n" for i in range(routes))
    return (
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\n"
        f"metadata:\n  name: {name}\n  namespace: shop\n"
        "spec:\n  ports:\n    - name: http\n      port: 80\n"
        f"  exposure:\n    type: alb\n{extra}"
        + (f"  hosts:\n{host_lines}" if hosts else "")
        + f"  routes:\n{route_lines}"
    )


def test_two_hundred_hosts_by_two_hundred_routes_are_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(_app_yaml(200, 200), encoding="utf-8")

    started = time.perf_counter()
    code = run(["render", str(path), "-o", str(tmp_path / "out")])
    elapsed = time.perf_counter() - started

    err = capsys.readouterr().err
    assert code == 1 and not (tmp_path / "out").exists()
    assert elapsed < 10, elapsed  # rendering it took 25 s and wrote 7 MB
    assert "(EKS205)" in err and "40000 listener rules" in err and "at most 100 rules" in err
    assert "(EKS030)" in err and "262,144 bytes" in err


def test_the_rule_limit_counts_an_ingress_group_as_one_alb(tmp_path: Path) -> None:
    group = "    group:\n      name: shop\n"
    path = tmp_path / "group.yaml"
    path.write_text(
        _app_yaml(6, 10, group, "a") + "---\n" + _app_yaml(5, 9, group, "b"), encoding="utf-8"
    )
    problems = [p for p in check_paths([str(path)]).problems if p.rule == "EKS205"]
    assert len(problems) == 1
    (problem,) = problems
    assert "the ALB of IngressGroup shop would get 105 listener rules" in problem.message
    assert "45 from this App's 5 host(s) x 9 route(s), 60 from the members before it" in (
        problem.message
    )
    path.write_text(
        _app_yaml(5, 10, group, "a") + "---\n" + _app_yaml(5, 10, group, "b"), encoding="utf-8"
    )
    assert [p for p in check_paths([str(path)]).problems if p.rule == "EKS205"] == []


def test_the_rule_limit_counts_routes_without_hosts(tmp_path: Path) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(_app_yaml(0, 101), encoding="utf-8")
    (problem,) = [p for p in check_paths([str(path)]).problems if p.rule == "EKS205"]
    assert problem.path == "spec.routes" and "101 listener rules" in problem.message


def _document(data: dict[str, Any]) -> Document:
    return Document("mem.yaml", 0, data, None)


def test_the_checks_stay_linear_in_ports_and_references() -> None:
    """Routes, TLS ports and ports by the thousand: each rule looks references up once."""
    count = 4000
    ports = [{"name": f"p{i}", "port": 1000 + i} for i in range(count)]
    data = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {
            "ports": ports,
            "exposure": {"type": "nlb"},
            "routes": [{"path": f"/r{i}", "port": f"missing{i}"} for i in range(count)],
            "tls": {
                "certificateArns": ["arn:aws:acm:us-east-1:123456789012:certificate/x"],
                "ports": [f"p{i}" for i in range(count)],
            },
        },
    }
    app = build_app(_document(data))
    started = time.perf_counter()
    outcome = check_specs([app])
    elapsed = time.perf_counter() - started
    unknown = [p for p in outcome.problems if p.rule == "EKS004"]
    assert len(unknown) == count
    assert "(known: p0, p1, p2, p3, p4, p5, p6, p7, p8, p9 and 3990 more)" in unknown[0].message
    assert elapsed < 5, elapsed  # 16 million comparisons before


def test_annotations_over_256_kib_are_refused_with_their_limit(tmp_path: Path) -> None:
    """Hosts of an NLB all go into the ExternalDNS hostname annotation."""
    hosts = "".join(
        f"    - {'a' * 60}.{'b' * 60}.{'c' * 60}.h{i:04d}.example.com\n" for i in range(1500)
    )
    path = tmp_path / "nlb.yaml"
    path.write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata:\n  name: web\n"
        "spec:\n  ports:\n    - port: 53\n      protocol: UDP\n  exposure:\n    type: nlb\n"
        f"  hosts:\n{hosts}",
        encoding="utf-8",
    )
    problems = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert [p.rule for p in problems] == ["EKS029"], [str(p) for p in problems]
    assert problems[0].path == "spec.hosts"
    assert "262,144 bytes (256 KiB)" in problems[0].message
    assert "spec.hosts (the ExternalDNS hostname)" in problems[0].message


def test_an_annotation_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    key = "example.com/blob"
    value = "x" * (256 * 1024 - len(key))
    path = tmp_path / "app.yaml"
    text = (
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata:\n  name: web\n"
        f"  annotations:\n    {key}: {value}\nspec:\n  ports:\n    - port: 80\n"
    )
    path.write_text(text, encoding="utf-8")
    assert [p.rule for p in check_paths([str(path)]).problems if p.rule == "EKS029"] == []
    path.write_text(text.replace(value, value + "x"), encoding="utf-8")
    assert [p.rule for p in check_paths([str(path)]).problems] == ["EKS029"]


# --- kubernetes.io/ingress.class beside ingressClassName --------------------------------------


def _class_app(tmp_path: Path, value: str, exposure: str = "alb") -> Path:
    path = tmp_path / "app.yaml"
    path.write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata:\n  name: web\n"
        f"  annotations:\n    kubernetes.io/ingress.class: {value}\n"
        f"spec:\n  ports:\n    - port: 80\n  exposure:\n    type: {exposure}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("value", ["nginx", "ALB", '" alb"', "internal-alb"])
def test_a_class_annotation_that_differs_from_alb_is_an_error(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _class_app(tmp_path, value)
    assert run(["render", str(path)]) == 1
    err = capsys.readouterr().err
    assert '6:34: metadata.annotations["kubernetes.io/ingress.class"]: ' in err
    assert "the API server refuses to create an Ingress" in err and "(EKS028)" in err
    assert "(EKS027)" not in err


def test_the_class_annotation_equal_to_alb_is_said_to_be_redundant(tmp_path: Path) -> None:
    (problem,) = check_paths([str(_class_app(tmp_path, "alb"))]).problems
    assert (problem.rule, problem.severity) == ("EKS027", Severity.WARNING)
    assert "redundant" in problem.message and "accepts the annotation" in problem.message
    (problem,) = check_paths([str(_class_app(tmp_path, "nginx", "nlb"))]).problems
    assert problem.rule == "EKS027" and "renders no Ingress" in problem.message


# --- reports: odd file names ------------------------------------------------------------------

ODD_NAME = os.fsdecode(b"we\nird %#\xc3\xa9 \xff\x1b[31m.yaml")


def test_text_reports_escape_control_characters_in_file_names() -> None:
    problem = Problem(ODD_NAME, 3, 5, "spec.ports", "bad", "EKS005")
    text = text_report([problem])
    first = text.splitlines()[0]
    assert first.startswith('"we\\nird %#é \\udcff\\u001b[31m.yaml":3:5: spec.ports: bad')
    assert "\x1b" not in text and len(text.splitlines()) == 2
    coloured = text_report([problem], colour=True)
    assert "\n" not in coloured.split("\n")[0] and "we\\nird" in coloured
    plain = Problem("apps/a b.yaml", 1, 1, "spec", "ok", "EKS005")
    assert text_report([plain]).splitlines()[0] == str(plain)  # printable names unchanged


def test_sarif_uris_are_percent_encoded_from_the_bytes_on_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    path = folder / ODD_NAME
    path.write_text((CASES / "EKS005" / "fail.yaml").read_text(encoding="utf-8"))

    relative = Problem(ODD_NAME, 1, 1, "", "bad", "EKS005")
    absolute = Problem(str(path), 1, 1, "", "bad", "EKS005")
    sarif = json.loads(sarif_report([relative, absolute], [], "0"))
    uris = [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
    ]
    encoded = "we%0Aird%20%25%23%C3%A9%20%FF%1B%5B31m.yaml"
    assert encoded in uris
    assert any(uri.startswith("file://") and uri.endswith("/odd/" + encoded) for uri in uris)
    for uri in uris:
        assert uri.isascii() and uri.isprintable() and " " not in uri
        assert re.fullmatch(r"[A-Za-z0-9\-._~/:%]+", uri), uri

    assert run(["validate", str(path), "--output", "sarif"]) == 1
    out = capsys.readouterr().out
    out.encode("utf-8")  # no lone surrogate in the SARIF text
    found = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert found["artifactLocation"]["uri"].endswith("/odd/" + encoded)
