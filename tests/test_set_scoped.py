"""--set NAME:PATH=VALUE changes one App; an unscoped --set changes every App.

A NAME that names no App, a path the App spec has no field for and a --set that cannot be
read are usage errors (exit 2) at the flag; a value the schema refuses is reported once at
the flag (exit 1); a problem that only the changed specs have names the --set it comes from.
Nothing is written when a run fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from eksgen.cli.app import run

WEB = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - port: 80
  exposure:
    type: alb
"""
API = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: api
  namespace: shop
spec:
  ports:
    - port: 8080
"""
CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: my-cluster
spec:
  region: us-east-1
  accountId: "123456789012"
  vpcId: vpc-0abc1234
"""
ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
SCHEME = "alb.ingress.kubernetes.io/scheme"


def folder(tmp_path: Path, **files: str) -> Path:
    """A folder of specs, file name (without .yaml) -> text."""
    apps = tmp_path / "apps"
    apps.mkdir()
    for name, text in files.items():
        (apps / f"{name}.yaml").write_text(text, encoding="utf-8")
    return apps


def render(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:  # type: ignore[type-arg]
    """Exit code, the rendered objects (when it succeeded), stderr."""
    code = run(["render", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    objects = list(yaml.safe_load_all(captured.out)) if code == 0 else []
    return code, [item for item in objects if item], captured.err


def refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, apps: Path, flags: list[str], code: int
) -> str:
    """Render to -o DIR with the flags, which must fail with code and write nothing."""
    out = tmp_path / "out"
    args = [str(apps), "-o", str(out)]
    for flag in flags:
        args += ["--set", flag]
    assert run(["render", *args]) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    assert not out.exists()
    return captured.err


def annotations(objects: list[dict], kind: str, name: str) -> dict[str, str]:  # type: ignore[type-arg]
    """The annotations of the one object of that kind and name ('namespace/name' or 'name')."""
    namespace, _, name = name.rpartition("/")
    found = [
        o
        for o in objects
        if o["kind"] == kind
        and o["metadata"]["name"] == name
        and namespace in ("", o["metadata"].get("namespace"))
    ]
    assert len(found) == 1, (kind, name)
    return dict(found[0]["metadata"].get("annotations", {}))


# --- NAME:PATH=VALUE --------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["web", "shop/web"])
def test_a_scoped_set_changes_only_the_app_it_names(
    scope: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB, api=API)
    flag = f"{scope}:spec.exposure.scheme=internet-facing"
    code, objects, err = render(capsys, str(apps), "--set", flag, "--set", "api:spec.dns.ttl=60")
    assert code == 0, err
    assert annotations(objects, "Ingress", "web")[SCHEME] == "internet-facing"
    # Without the scope this --set would give api (exposure none) a scheme: an error.
    assert run(["render", str(apps), "--set", "spec.exposure.scheme=internet-facing"]) == 1


def test_a_scoped_set_beside_the_examples_leaves_the_other_apps_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # examples/ holds an App without exposure, where the unscoped form is refused.
    flag = "spec.exposure.scheme=internet-facing"
    assert render(capsys, str(EXAMPLES), "--set", flag)[0] == 1
    code, objects, err = render(capsys, str(EXAMPLES), "--set", f"internal-tools/reports:{flag}")
    assert code == 0, err
    assert annotations(objects, "Ingress", "internal-tools/reports")[SCHEME] == "internet-facing"


def test_a_name_in_two_namespaces_needs_the_namespace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = WEB.replace("namespace: shop", "namespace: blog")
    apps = folder(tmp_path, web=WEB, other=other)
    err = refused(capsys, tmp_path, apps, ["web:spec.dns.ttl=60"], code=2)
    assert err == (
        "eksgen: error: --set 'web:spec.dns.ttl=60': Apps named web are in 2 namespaces "
        "(blog/web, shop/web); write namespace/name, e.g. --set 'blog/web:spec.dns.ttl=60'\n"
    )
    code, objects, err = render(
        capsys, str(apps), "--set", "blog/web:spec.exposure.scheme=internet-facing"
    )
    assert code == 0, err
    schemes = {
        o["metadata"]["namespace"]: o["metadata"]["annotations"][SCHEME]
        for o in objects
        if o["kind"] == "Ingress"
    }
    assert schemes == {"blog": "internet-facing", "shop": "internal"}


@pytest.mark.parametrize("scope", ["nope", "other/web", "my-cluster"])
def test_a_name_that_names_no_app_is_a_usage_error_listing_the_apps(
    scope: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB, api=API, cluster=CLUSTER)
    err = refused(capsys, tmp_path, apps, [f"{scope}:spec.dns.ttl=60"], code=2)
    assert err == (
        f"eksgen: error: --set '{scope}:spec.dns.ttl=60': no App is named {scope} "
        "(the Apps: shop/api, shop/web)\n"
    )


def test_an_app_without_a_namespace_is_in_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB.replace("  namespace: shop\n", ""))
    code, _, err = render(capsys, str(apps), "--set", "default/web:spec.dns.ttl=60")
    assert code == 0, err


# --- colons that are no scope -----------------------------------------------------------------


@pytest.mark.parametrize("scope", ["", "web:", "shop/web:"])
def test_a_value_with_colons_is_not_read_as_a_scope(
    scope: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB)
    flag = f"{scope}spec.tls.certificateArns[0]={ARN}"
    code, objects, err = render(capsys, str(apps), "--set", flag)
    assert code == 0, err
    assert (
        annotations(objects, "Ingress", "web")["alb.ingress.kubernetes.io/certificate-arn"] == ARN
    )


def test_a_colon_inside_a_bracketed_key_is_part_of_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB)
    code, objects, err = render(capsys, str(apps), "--set", 'spec.exposure.tags["team:owner"]=shop')
    assert code == 0, err
    assert (
        annotations(objects, "Ingress", "web")["alb.ingress.kubernetes.io/tags"]
        == "team:owner=shop"
    )


@pytest.mark.parametrize(
    "flag", ["Web:spec.dns.ttl=60", "web/:spec.dns.ttl=60", "a/b/c:spec.dns.ttl=1"]
)
def test_a_scope_that_is_no_name_is_a_usage_error(
    flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB)
    err = refused(capsys, tmp_path, apps, [flag], code=2)
    assert err.startswith(f"eksgen: error: --set '{flag}': cannot read the path at ")
    assert "NAME: before it is an App's name or namespace/name" in err


# --- an unscoped --set that breaks another App ------------------------------------------------


def test_a_problem_an_unscoped_set_brings_names_it_and_the_scoped_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB, api=API)
    err = refused(capsys, tmp_path, apps, ["spec.exposure.scheme=internet-facing"], code=1)
    first = err.splitlines()[0]
    # Where it went wrong: the App the --set was applied to (spec:, as api has no exposure).
    assert first.startswith(f"{apps / 'api.yaml'}:6:1: spec.exposure.scheme: is a load balancer")
    assert first.endswith(
        "; this comes from --set 'spec.exposure.scheme=internet-facing', which changes every "
        "App; scope it to the App it is meant for: --set "
        "'NAME:spec.exposure.scheme=internet-facing', NAME being an App's name or "
        "namespace/name, such as web (EKS011)"
    )
    assert err.splitlines()[1:] == ["1 error, 0 warnings"]


def test_in_a_file_of_two_apps_the_problem_is_blamed_in_the_app_it_is_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, both=WEB + "---\n" + API)
    err = refused(capsys, tmp_path, apps, ["spec.exposure.scheme=internet-facing"], code=1)
    first = err.splitlines()[0]
    assert first.startswith(f"{apps / 'both.yaml'}:17:1: spec.exposure.scheme: ")
    assert first.endswith("NAME being an App's name or namespace/name, such as web (EKS011)")


def test_a_problem_a_scoped_set_brings_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB, api=API)
    err = refused(capsys, tmp_path, apps, ["api:spec.exposure.scheme=internal"], code=1)
    assert err.splitlines()[0].endswith(
        "(set type: alb or nlb); this comes from --set 'api:spec.exposure.scheme=internal' (EKS011)"
    )


def test_a_collision_an_unscoped_set_brings_is_blamed_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = WEB.replace("namespace: shop", "namespace: blog")
    apps = folder(tmp_path, web=WEB, other=other)
    err = refused(capsys, tmp_path, apps, ["metadata.namespace=prod"], code=1)
    assert "is also defined at" in err
    assert "this comes from --set 'metadata.namespace=prod', which changes every App" in err


def test_a_problem_the_file_has_anyway_is_not_blamed_on_the_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = API.replace("    - port: 8080\n", "    - port: 8080\n      protocol: SCTP\n")
    apps = folder(tmp_path, web=WEB, api=broken)
    err = refused(capsys, tmp_path, apps, ["spec.dns.ttl=60"], code=1)
    assert err.splitlines() == [
        f"{apps / 'api.yaml'}:9:17: spec.ports[0].protocol: 'SCTP' is not one of [TCP, UDP]",
        "1 error, 0 warnings",
    ]


def test_an_unscoped_set_leaves_cluster_specs_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, api=API, cluster=CLUSTER)
    code, objects, err = render(capsys, str(apps), "--set", "spec.exposure.type=nlb")
    assert code == 0, err
    assert any(o["kind"] == "Service" and o["spec"]["type"] == "LoadBalancer" for o in objects)


# --- errors in the --set itself: at the flag ---------------------------------------------------


def test_a_value_the_schema_refuses_is_reported_once_at_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB, api=API)
    err = refused(capsys, tmp_path, apps, ["spec.exposure.scheme=public"], code=1)
    assert err.splitlines() == [
        "--set 'spec.exposure.scheme=public': spec.exposure.scheme: 'public' is not one of "
        "[internal, internet-facing]",
        "1 error, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        (
            "web:spec.exposure.type=NLB",
            "spec.exposure.type: 'NLB' is not one of [alb, nlb, none]; did you mean 'nlb'?",
        ),
        (
            "spec.exposure=alb",
            "spec.exposure: 'alb' is not a mapping; did you mean --set 'spec.exposure.type=alb'?",
        ),
        (
            "web:spec.ports=80",
            "spec.ports: 80 is not a list; did you mean --set 'web:spec.ports[0].port=80'?",
        ),
        (
            "spec.tls.redirectHttp=yes",
            "spec.tls.redirectHttp: 'yes' is not a boolean; booleans are true or false; did you "
            "mean true? (eksgen reads YAML 1.2, where yes, no, on and off are text)",
        ),
        ("spec.ports[0].port=http", "spec.ports[0].port: 'http' is not an integer"),
        (
            'metadata.labels["-x"]=a',
            "metadata.labels[\"-x\"]: key '-x' is not a Kubernetes label or annotation key",
        ),
    ],
)
def test_a_refused_value_says_what_is_expected(
    flag: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB)
    first = refused(capsys, tmp_path, apps, [flag], code=1).splitlines()[0]
    assert first.startswith(f"--set '{flag}': {message}")


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("spec.exposure.scheme", "expected [NAME:]PATH=VALUE, e.g. metadata.namespace=prod"),
        ("spec.exposre.scheme=internal", "spec.exposre: unknown field; did you mean 'exposure'?"),
        (
            "web:spec.exposure.shceme=internal",
            "spec.exposure.shceme: unknown field; did you mean 'scheme'?",
        ),
        (
            "spec.ports.port=81",
            "spec.ports holds a list, not a mapping: it has no field port; expected an item "
            "index such as spec.ports[0]",
        ),
        (
            "spec.dns.ttl.seconds=1",
            "spec.dns.ttl holds an integer, not a mapping: it has no field seconds",
        ),
        ("kind=Cluster", "the path must start with metadata. or spec."),
    ],
)
def test_a_set_that_names_no_field_is_a_usage_error_at_the_flag(
    flag: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB)
    err = refused(capsys, tmp_path, apps, [flag], code=2)
    assert err == f"eksgen: error: --set '{flag}': {message}\n"


def test_the_help_says_what_set_changes_and_how_it_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["render", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--set [NAME:]PATH=VALUE" in text
    assert "changes every App (never a Cluster spec)" in text
    assert "exits 2; a VALUE the App schema refuses exits 1" in text


def test_the_api_takes_scoped_overrides(tmp_path: Path) -> None:
    from eksgen.api import check_paths
    from eksgen.spec import parse_override

    apps = folder(tmp_path, web=WEB, api=API)
    override = parse_override("web:spec.exposure.scheme=internet-facing")
    assert (override.scope, override.assignment) == ("web", "spec.exposure.scheme=internet-facing")
    result = check_paths([str(apps)], overrides=[override])
    assert result.errors == []
    schemes = {app.name: app.exposure.scheme for app in result.apps}
    assert schemes == {"web": "internet-facing", "api": "internal"}


def test_validate_checks_the_specs_as_render_would_change_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB, api=API)
    unscoped = "spec.exposure.scheme=internet-facing"
    capsys.readouterr()
    assert run(["validate", str(apps), "--set", unscoped]) == 1
    assert f"this comes from --set '{unscoped}'" in capsys.readouterr().err
    assert run(["validate", str(apps), "--set", f"shop/web:{unscoped}"]) == 0
    assert run(["validate", str(apps), "--set", f"nobody:{unscoped}"]) == 2
    assert run(["validate", "--help"]) == 0
    assert "--set [NAME:]PATH=VALUE" in capsys.readouterr().out


def test_plan_shows_the_load_balancers_as_the_set_changes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    apps = folder(tmp_path, web=WEB, api=API)
    capsys.readouterr()
    assert run(["plan", str(apps), "--output", "json"]) == 0
    (before,) = json.loads(capsys.readouterr().out)["loadBalancers"]
    assert before["scheme"] == "internal"
    assert (
        run(
            [
                "plan",
                str(apps),
                "--output",
                "json",
                "--set",
                "shop/web:spec.exposure.scheme=internet-facing",
            ]
        )
        == 0
    )
    (after,) = json.loads(capsys.readouterr().out)["loadBalancers"]
    assert after["scheme"] == "internet-facing"
    assert run(["plan", str(apps), "--set", "spec.exposure.scheme=internet-facing"]) == 1
    assert "this comes from --set 'spec.exposure.scheme=internet-facing'" in capsys.readouterr().err
