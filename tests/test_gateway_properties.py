"""Property tests of --api gateway over generated App specs.

For any App the schema and the error rules accept: the Gateway API objects pass the
upstream CRDs, both APIs give the same load balancers (read as in
test_gateway_equivalence), rendering twice gives the same bytes, and eksgen import of the
output renders it again byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eksgen.api import check_paths, render
from eksgen.importer import dump_specs, import_manifests
from eksgen.render.layout import output_files, stream
from test_gateway_equivalence import assert_valid_and_equivalent
from test_properties import app_specs, json_text

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def _spec_file(tmp_path: Path, spec: dict[str, Any]) -> str:
    path = tmp_path / "app.json"
    path.write_text(json_text(spec), encoding="utf-8")
    return str(path)


def _renderable(path: str, api: str) -> bool:
    return not check_paths([path], api=api).errors


@PROPERTY
@given(spec=app_specs(with_ports=True))
def test_any_app_renders_valid_equivalent_gateway_objects(
    tmp_path_factory: Any, spec: dict[str, Any]
) -> None:

    path = _spec_file(tmp_path_factory.mktemp("spec"), spec)
    assume(_renderable(path, "gateway") and _renderable(path, "ingress"))
    gateway = render([path], api="gateway")
    assert_valid_and_equivalent(path)
    assert render([path], api="gateway").stream == gateway.stream


@PROPERTY
@given(spec=app_specs(with_ports=True))
def test_any_gateway_render_imports_back_to_the_same_objects(
    tmp_path_factory: Any, spec: dict[str, Any]
) -> None:
    # The annotation kubectl apply keeps for itself: the import leaves it out on purpose.
    spec["metadata"].get("annotations", {}).pop(
        "kubectl.kubernetes.io/last-applied-configuration", None
    )
    folder = tmp_path_factory.mktemp("round")
    path = _spec_file(folder, spec)
    assume(_renderable(path, "gateway"))
    first = render([path], api="gateway")
    for relative, text in output_files(first.manifests).items():
        (folder / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / "out" / relative).write_text(text, encoding="utf-8")
    result = import_manifests([str(folder / "out")])
    assert result.errors == []
    (folder / "specs.yaml").write_text(dump_specs(result.specs), encoding="utf-8")
    second = render([str(folder / "specs.yaml")])
    assert stream(second.manifests) == stream(first.manifests)


# ---- sign-in and gRPC: drawn here, since app_specs draws neither --------------------------

_HTTPS_URL = st.from_regex(
    r"https://[a-z]{1,8}\.example\.com(?:/[a-z0-9]{1,8}){0,2}", fullmatch=True
)
_OIDC = st.fixed_dictionaries(
    {
        "issuer": _HTTPS_URL,
        "authorizationEndpoint": _HTTPS_URL,
        "tokenEndpoint": _HTTPS_URL,
        "userInfoEndpoint": _HTTPS_URL,
        "secretName": st.from_regex(r"[a-z0-9](?:[-a-z0-9]{0,20}[a-z0-9])?", fullmatch=True),
    }
)
_COGNITO = st.fixed_dictionaries(
    {
        "userPoolArn": st.from_regex(
            r"arn:aws:cognito-idp:us-east-1:[0-9]{12}:userpool/us-east-1_[A-Za-z0-9]{9}",
            fullmatch=True,
        ),
        "userPoolClientId": st.from_regex(r"[a-z0-9]{1,26}", fullmatch=True),
        "userPoolDomain": st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True),
    }
)
_SESSION = {
    "scope": st.sampled_from(["openid", "openid email", "openid profile email"]),
    "sessionCookie": st.from_regex(r"[A-Za-z0-9_-]{1,20}", fullmatch=True),
    "sessionTimeoutSeconds": st.integers(1, 604800),
    "onUnauthenticatedRequest": st.sampled_from(["authenticate", "deny", "allow"]),
}
_IDENT = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)


@st.composite
def _auth(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["oidc", "cognito", "none"]))
    auth: dict[str, Any] = {"type": kind}
    if kind != "none":
        auth[kind] = draw(_OIDC if kind == "oidc" else _COGNITO)
        auth |= draw(st.fixed_dictionaries({}, optional=_SESSION))
    return auth


@st.composite
def _grpc_routes(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Distinct method-match paths: /service (Prefix) or /service/method (Exact)."""
    found: dict[str, dict[str, Any]] = {}
    for _ in range(draw(st.integers(1, 4))):
        service = ".".join(draw(st.lists(_IDENT, min_size=1, max_size=3)))
        if draw(st.booleans()):
            path = f"/{service}/{draw(_IDENT)}"
            found[path] = {"path": path, "pathType": "Exact"}
        else:
            found[f"/{service}"] = {"path": f"/{service}"}
    return list(found.values())


@st.composite
def _signed_in_apps(draw: st.DrawFn) -> dict[str, Any]:
    exposure: dict[str, Any] = {"type": "alb", "auth": draw(_auth())}
    spec: dict[str, Any] = {"ports": [{"name": "app", "port": 8080}], "exposure": exposure}
    if draw(st.booleans()):
        exposure["backendProtocolVersion"] = "GRPC"
        spec["routes"] = draw(_grpc_routes())
    spec["hosts"] = ["app.example.com"]
    spec["tls"] = {"certificateArns": ["arn:aws:acm:us-east-1:123456789012:certificate/abc"]}
    return {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "app", "namespace": "shop"},
        "spec": spec,
    }


@PROPERTY
@given(spec=_signed_in_apps())
def test_sign_in_and_grpc_render_valid_equivalent_objects_that_import_back(
    tmp_path_factory: Any, spec: dict[str, Any]
) -> None:

    folder = tmp_path_factory.mktemp("auth")
    path = _spec_file(folder, spec)
    assert _renderable(path, "gateway"), check_paths([path], api="gateway").errors
    gateway = render([path], api="gateway")
    assert_valid_and_equivalent(path)
    for relative, text in output_files(gateway.manifests).items():
        (folder / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / "out" / relative).write_text(text, encoding="utf-8")
    result = import_manifests([str(folder / "out")])
    assert result.errors == [] and result.warnings == []
    (folder / "specs.yaml").write_text(dump_specs(result.specs), encoding="utf-8")
    assert stream(render([str(folder / "specs.yaml")]).manifests) == stream(gateway.manifests)
