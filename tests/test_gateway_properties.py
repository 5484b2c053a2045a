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

from eksgen.api import check_paths, render
from eksgen.importer import dump_specs, import_manifests
from eksgen.render.layout import output_files, stream
from gateway_crds import GATEWAY_KINDS, crd_errors
from test_gateway_equivalence import _gateway_view, _ingress_view
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
    import yaml

    path = _spec_file(tmp_path_factory.mktemp("spec"), spec)
    assume(_renderable(path, "gateway") and _renderable(path, "ingress"))
    gateway = render([path], api="gateway")
    objects = [yaml.safe_load(m.text) for m in gateway.manifests]
    for item in objects:
        if item["kind"] in GATEWAY_KINDS:
            assert crd_errors(item) == [], item["kind"]
    ingress = [yaml.safe_load(m.text) for m in render([path], api="ingress").manifests]
    assert _gateway_view(objects) == _ingress_view(ingress)
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
