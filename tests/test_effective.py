"""Effective load-balancer settings: spec, else eksgen's default, else the controller's.

The controller's defaults are those of the AWS Load Balancer Controller v3.5.0:
pkg/ingress/model_builder.go (ALB target groups: 15 s, 5 s, 2, 2, path /, codes 200) and
pkg/service/model_builder.go (NLB target groups: TCP, 10 s, 10 s, 3, 3; path / and codes
200-399 for HTTP(S) checks only, pkg/service/model_build_target_group.go). The health-check
rules EKS009, EKS031 and EKS032 compare these values; `eksgen explain --effective` prints
them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eksgen.api import check_paths
from eksgen.cli.app import run
from eksgen.errors import Problem
from eksgen.model import App, effective

ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"


def _spec(tmp_path: Path, exposure: str, name: str = "web", **more: str) -> Path:
    """An App spec file: one port, the exposure given as YAML flow text, more spec keys."""
    lines = [
        "apiVersion: eksgen.dev/v1alpha1",
        "kind: App",
        f"metadata: {{name: {name}, namespace: shop}}",
        "spec:",
        "  ports: [{name: http, port: 80, targetPort: 8080}]",
        f"  exposure: {exposure}",
        *(f"  {key}: {value}" for key, value in more.items()),
    ]
    path = tmp_path / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _app(tmp_path: Path, exposure: str, **more: str) -> App:
    (app,) = check_paths([str(_spec(tmp_path, exposure, **more))]).apps
    return app


def _values(app: App) -> dict[str, tuple[Any, str]]:
    settings = effective.settings(app)
    assert settings is not None
    return {item.field: (item.value, item.origin) for item in settings.items}


def _problems(tmp_path: Path, exposure: str, rule: str) -> list[Problem]:
    path = _spec(tmp_path, exposure)
    return [p for p in check_paths([str(path)]).problems if p.rule == rule]


SPEC, EKSGEN, CONTROLLER = effective.SPEC, effective.EKSGEN_DEFAULT, effective.CONTROLLER_DEFAULT


# --- the model -------------------------------------------------------------------------------


def test_an_alb_takes_the_spec_then_eksgen_then_the_controller(tmp_path: Path) -> None:
    app = _app(
        tmp_path,
        "{type: alb, scheme: internet-facing, healthCheck: {timeoutSeconds: 4}}",
        tls=f"{{certificateArns: [{ARN}]}}",
    )
    assert _values(app) == {
        "spec.exposure.scheme": ("internet-facing", SPEC),
        "spec.exposure.targetType": ("ip", EKSGEN),
        "spec.tls.policy": ("ELBSecurityPolicy-TLS13-1-2-2021-06", EKSGEN),
        "spec.tls.redirectHttp": (True, EKSGEN),
        "spec.exposure.healthCheck.protocol": ("HTTP", CONTROLLER),
        "spec.exposure.healthCheck.port": ("traffic-port", CONTROLLER),
        "spec.exposure.healthCheck.path": ("/", CONTROLLER),
        "spec.exposure.healthCheck.intervalSeconds": (15, CONTROLLER),
        "spec.exposure.healthCheck.timeoutSeconds": (4, SPEC),
        "spec.exposure.healthCheck.healthyThreshold": (2, CONTROLLER),
        "spec.exposure.healthCheck.unhealthyThreshold": (2, CONTROLLER),
        "spec.exposure.healthCheck.successCodes": ("200", CONTROLLER),
    }


def test_an_nlb_takes_the_service_annotations_defaults(tmp_path: Path) -> None:
    values = _values(_app(tmp_path, "{type: nlb, targetType: instance}"))
    assert values["spec.exposure.targetType"] == ("instance", SPEC)
    assert values["spec.exposure.healthCheck.protocol"] == ("TCP", CONTROLLER)
    assert values["spec.exposure.healthCheck.intervalSeconds"] == (10, CONTROLLER)
    assert values["spec.exposure.healthCheck.timeoutSeconds"] == (10, CONTROLLER)
    assert values["spec.exposure.healthCheck.healthyThreshold"] == (3, CONTROLLER)
    # A TCP check has no path and no success codes: the controller sets none.
    assert values["spec.exposure.healthCheck.path"] == (None, CONTROLLER)
    assert values["spec.exposure.healthCheck.successCodes"] == (None, CONTROLLER)
    assert "spec.tls.policy" not in values  # no TLS, no listener policy


def test_an_nlb_http_check_gets_the_path_and_codes_defaults(tmp_path: Path) -> None:
    values = _values(_app(tmp_path, "{type: nlb, healthCheck: {protocol: HTTP}}"))
    assert values["spec.exposure.healthCheck.path"] == ("/", CONTROLLER)
    assert values["spec.exposure.healthCheck.successCodes"] == ("200-399", CONTROLLER)


def test_an_nlb_tcp_check_notes_the_ignored_spec_value(tmp_path: Path) -> None:
    settings = effective.settings(_app(tmp_path, "{type: nlb, healthCheck: {path: /healthz}}"))
    assert settings is not None
    path = settings.get(effective.CHECK_PATH)
    assert path.value is None
    assert "/healthz is ignored" in path.note
    assert path.annotation == "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path"


def test_the_backend_protocol_fields_change_the_alb_defaults(tmp_path: Path) -> None:
    """pkg/ingress/model_build_target_group.go (v3.5.0): the check's protocol is the target
    group's; a gRPC target group checks /AWS.ALB/healthcheck and expects code 12."""
    path = tmp_path / "grpc.yaml"
    path.write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata:\n  name: grpc\n"
        "spec:\n  ports: [{port: 443}]\n"
        "  exposure: {type: alb, backendProtocol: HTTPS, backendProtocolVersion: GRPC}\n"
        "  tls: {certificateArns: ['arn:aws:acm:us-east-1:123456789012:certificate/abc']}\n",
        encoding="utf-8",
    )
    (app,) = check_paths([str(path)]).apps
    settings = effective.settings(app)
    assert settings is not None
    protocol = settings.get(effective.CHECK_PROTOCOL)
    assert (protocol.value, protocol.origin, protocol.note) == (
        "HTTPS",
        CONTROLLER,
        "from backendProtocol",
    )
    assert settings.get(effective.CHECK_PATH).value == "/AWS.ALB/healthcheck"
    assert settings.get(effective.SUCCESS_CODES).value == "12"
    assert settings.get(effective.CHECK_INTERVAL).value == 15


def test_no_load_balancer_has_no_settings(tmp_path: Path) -> None:
    assert effective.settings(_app(tmp_path, "{type: none}")) is None


def test_integer_refuses_a_setting_that_is_not_a_number(tmp_path: Path) -> None:
    settings = effective.settings(_app(tmp_path, "{type: alb}"))
    assert settings is not None
    assert settings.integer(effective.CHECK_INTERVAL) == 15
    with pytest.raises(TypeError, match="not a number"):
        settings.integer(effective.CHECK_PORT)
    with pytest.raises(KeyError):
        settings.get(effective.TLS_POLICY)


# --- EKS009: the interval must hold the timeout, defaults included --------------------------


@pytest.mark.parametrize(
    ("exposure", "field"),
    [
        # ALB: AWS wants interval > timeout; the default interval is 15 s.
        ("{type: alb, healthCheck: {timeoutSeconds: 30}}", "timeoutSeconds"),
        ("{type: alb, healthCheck: {timeoutSeconds: 15}}", "timeoutSeconds"),
        # ... and the default timeout is 5 s.
        ("{type: alb, healthCheck: {intervalSeconds: 5}}", "intervalSeconds"),
        # NLB: a timeout longer than the interval is refused; the defaults are 10 and 10.
        ("{type: nlb, healthCheck: {timeoutSeconds: 11}}", "timeoutSeconds"),
        ("{type: nlb, healthCheck: {intervalSeconds: 9}}", "intervalSeconds"),
        ("{type: nlb, healthCheck: {intervalSeconds: 20, timeoutSeconds: 30}}", "timeoutSeconds"),
    ],
)
def test_eks009_fails_against_the_effective_values(
    tmp_path: Path, exposure: str, field: str
) -> None:
    (problem,) = _problems(tmp_path, exposure, "EKS009")
    assert problem.is_error
    assert problem.path == f"spec.exposure.healthCheck.{field}"


@pytest.mark.parametrize(
    "exposure",
    [
        "{type: alb, healthCheck: {timeoutSeconds: 14}}",
        "{type: alb, healthCheck: {intervalSeconds: 6}}",
        "{type: alb}",
        # An NLB accepts a timeout equal to the interval: the controller's own 10 and 10.
        "{type: nlb}",
        "{type: nlb, healthCheck: {intervalSeconds: 10}}",
        "{type: nlb, healthCheck: {intervalSeconds: 30, timeoutSeconds: 30}}",
        "{type: none}",
    ],
)
def test_eks009_passes_what_aws_accepts(tmp_path: Path, exposure: str) -> None:
    assert _problems(tmp_path, exposure, "EKS009") == []


def test_eks009_names_the_default_it_compared_with(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "{type: alb, healthCheck: {timeoutSeconds: 30}}", "EKS009")
    assert "intervalSeconds (15, the controller default of alb.ingress.kubernetes.io/" in (
        problem.message
    )


# --- EKS031 and EKS032 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exposure", "fields"),
    [
        ("{type: nlb, healthCheck: {path: /healthz}}", ["path"]),
        ("{type: nlb, healthCheck: {protocol: TCP, successCodes: '200'}}", ["successCodes"]),
        ("{type: nlb, healthCheck: {path: /h, successCodes: '200'}}", ["path", "successCodes"]),
        ("{type: nlb, healthCheck: {protocol: HTTP, path: /healthz}}", []),
        ("{type: nlb, healthCheck: {protocol: HTTPS, successCodes: '200'}}", []),
        # An ALB checks over HTTP by default: the path is used.
        ("{type: alb, healthCheck: {path: /healthz}}", []),
    ],
)
def test_eks031_flags_http_fields_of_a_tcp_check(
    tmp_path: Path, exposure: str, fields: list[str]
) -> None:
    problems = _problems(tmp_path, exposure, "EKS031")
    assert [p.path for p in problems] == [f"spec.exposure.healthCheck.{f}" for f in fields]
    assert all(not p.is_error for p in problems)


@pytest.mark.parametrize(
    ("exposure", "flagged"),
    [
        ("{type: nlb, targetType: instance, healthCheck: {port: 8080}}", True),
        ("{type: alb, targetType: instance, healthCheck: {port: 8080}}", True),
        ("{type: nlb, targetType: instance, healthCheck: {port: http}}", False),
        ("{type: nlb, targetType: instance, healthCheck: {port: traffic-port}}", False),
        # ip targets are the pods: their port is the right one to check.
        ("{type: nlb, targetType: ip, healthCheck: {port: 8080}}", False),
    ],
)
def test_eks032_flags_a_port_number_with_instance_targets(
    tmp_path: Path, exposure: str, flagged: bool
) -> None:
    problems = _problems(tmp_path, exposure, "EKS032")
    assert [p.path for p in problems] == (["spec.exposure.healthCheck.port"] if flagged else [])


# --- EKS027 reads its keys and kinds from the facts ------------------------------------------


def _annotated(tmp_path: Path, exposure: str, key: str) -> list[Problem]:
    path = tmp_path / "a.yaml"
    path.write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata:\n  name: web\n"
        f'  annotations:\n    {key}: "x"\n'
        f"spec:\n  ports: [{{port: 80}}]\n  exposure: {exposure}\n",
        encoding="utf-8",
    )
    return [p for p in check_paths([str(path)]).problems if p.rule == "EKS027"]


@pytest.mark.parametrize(
    ("exposure", "key", "said"),
    [
        # controllers/ingress/dryrun.go (v3.5.0): a real key, not a typo.
        ("{type: alb}", "alb.ingress.kubernetes.io/dry-run-plan", None),
        ("{type: alb}", "alb.ingress.kubernetes.io/frontend-nlb-attributes", None),
        ("{type: alb}", "alb.ingress.kubernetes.io/listener-attributes.HTTPS-443", None),
        ("{type: alb}", "alb.ingress.kubernetes.io/sheme", "did you mean"),
        # Ingress-only keys (the docs' Location column) on an App without an Ingress.
        ("{type: nlb}", "alb.ingress.kubernetes.io/wafv2-acl-arn", "Ingresses only"),
        ("{type: none}", "alb.ingress.kubernetes.io/group.order", "Ingresses only"),
        # Also read on a backend Service: may serve an Ingress written elsewhere.
        ("{type: none}", "alb.ingress.kubernetes.io/auth-scope", None),
        ("{type: nlb}", "service.beta.kubernetes.io/aws-load-balancer-alpn-policy", None),
        (
            "{type: nlb}",
            "service.beta.kubernetes.io/aws-load-balancer-quic-enabled-containers",
            "Pod",
        ),
    ],
)
def test_eks027_knows_the_keys_and_who_reads_them(
    tmp_path: Path, exposure: str, key: str, said: str | None
) -> None:
    problems = _annotated(tmp_path, exposure, key)
    if said is None:
        assert problems == []
    else:
        (problem,) = problems
        assert said in problem.message


# --- eksgen explain --effective --------------------------------------------------------------


def test_explain_effective_prints_each_setting_with_its_origin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alb = _spec(tmp_path, "{type: alb, healthCheck: {path: /healthz}}", name="web")
    nlb = _spec(tmp_path, "{type: nlb, scheme: internet-facing}", name="edge")
    none = _spec(tmp_path, "{type: none}", name="worker")

    assert run(["explain", "--effective", str(alb), str(nlb), str(none)]) == 0
    out = capsys.readouterr().out

    assert f"{alb}: shop/web: alb" in out
    lines = {tuple(line.split()[:3]) for line in out.splitlines() if line.startswith("  ")}
    assert ("healthCheck.path", "/healthz", "spec") in lines
    assert ("targetType", "ip", "eksgen") in lines
    assert ("scheme", "internet-facing", "spec") in lines
    assert ("healthCheck.intervalSeconds", "15", "controller") in lines
    assert ("healthCheck.intervalSeconds", "10", "controller") in lines
    assert "(service.beta.kubernetes.io/aws-load-balancer-healthcheck-timeout)" in out
    assert f"{none}: shop/worker: no load balancer (exposure none)" in out


def test_explain_effective_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nlb = _spec(tmp_path, "{type: nlb, healthCheck: {path: /healthz}}", name="edge")

    assert run(["explain", "--effective", str(nlb), "--output", "json"]) == 0
    captured = capsys.readouterr()

    (app,) = json.loads(captured.out)["apps"]
    assert (app["name"], app["namespace"], app["loadBalancer"]) == ("edge", "shop", "nlb")
    settings = {item["field"]: item for item in app["settings"]}
    path = settings["spec.exposure.healthCheck.path"]
    assert path["value"] is None and path["origin"] == "controller default"
    assert "ignored" in path["note"]
    assert settings["spec.exposure.healthCheck.timeoutSeconds"]["value"] == 10
    assert "(EKS031)" in captured.err  # the warning is still reported, on stderr


def test_explain_effective_exits_1_on_errors_and_still_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alb = _spec(tmp_path, "{type: alb, healthCheck: {timeoutSeconds: 30}}")

    assert run(["explain", "--effective", str(alb)]) == 1
    captured = capsys.readouterr()

    assert "healthCheck.timeoutSeconds" in captured.out
    assert "(EKS009)" in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["explain", "--effective"], "give spec files or folders"),
        (["explain", "EKS009", "--output", "json"], "--output applies to --effective"),
        (["explain", "EKS009", "EKS031"], "give one rule ID"),
    ],
)
def test_explain_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    assert message in capsys.readouterr().err


def test_explain_a_rule_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "EKS031"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("EKS031 nlb-tcp-healthcheck-http-fields (warning)")
    assert "Fix: Set exposure.healthCheck.protocol: HTTP" in out
