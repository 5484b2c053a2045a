"""eksgen.render.verify: a rendered text must read back as the object it was meant to be."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from eksgen.model.app import build_app
from eksgen.render.manifests import Manifest, render_app
from eksgen.render.verify import (
    Intent,
    RenderCheckFailed,
    check,
    differences,
    verify,
    verify_text,
)
from eksgen.spec.load import Document

SERVICE: dict[str, Any] = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "web", "annotations": {"a.io/x": "1"}},
    "spec": {
        "selector": {"app": "web"},
        "ports": [{"port": 80, "protocol": "TCP"}, {"port": 443, "protocol": "TCP"}],
        "publish": False,
    },
}


def changed(change: Any) -> dict[str, Any]:
    """A copy of SERVICE, changed in place by change(copy)."""
    document = copy.deepcopy(SERVICE)
    change(document)
    return document


def found(document: dict[str, Any], intent: Intent) -> list[str]:
    return list(differences(document, intent))


@pytest.mark.parametrize("intent", [Intent.for_object(SERVICE), Intent.for_values(SERVICE)])
def test_equal_passes(intent: Intent) -> None:
    assert found(copy.deepcopy(SERVICE), intent) == []
    check(copy.deepcopy(SERVICE), intent, "Service web")


@pytest.mark.parametrize("make", [Intent.for_object, Intent.for_values])
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["metadata"].update(name="api"),
            "metadata.name reads back as 'api', expected 'web'",
        ),
        (
            lambda d: d["spec"]["ports"][0].update(port="80"),
            "spec.ports[0].port reads back as '80', expected 80",
        ),
        (
            lambda d: d["spec"].update(publish=0),
            "spec.publish reads back as 0, expected False",
        ),
        (
            lambda d: d["spec"]["ports"][1].update(port=True),
            "spec.ports[1].port reads back as True, expected 443",
        ),
        (
            lambda d: d["spec"]["ports"][1].pop("protocol"),
            "spec.ports[1].protocol is missing, expected 'TCP'",
        ),
        (
            lambda d: d["spec"]["ports"].pop(),
            "spec.ports reads back as [{'port': 80, 'protocol': 'TCP'}], expected",
        ),
        (
            lambda d: d["spec"]["ports"].append({"port": 8080}),
            "spec.ports reads back as [",
        ),
        (
            lambda d: d["spec"]["ports"][1].update(port=444),
            "spec.ports[1].port reads back as 444, expected 443",
        ),
    ],
)
def test_a_difference_fails(change: Any, message: str, make: Any) -> None:
    document, intent = changed(change), make(SERVICE)
    assert len(found(document, intent)) == 1
    assert found(document, intent)[0].startswith(message)
    with pytest.raises(RenderCheckFailed, match=r"^Service web: ") as raised:
        check(document, intent, "Service web")
    assert message in str(raised.value)


def test_a_list_where_a_mapping_is_meant_fails() -> None:
    document = changed(lambda d: d.update(spec=[]))
    assert found(document, Intent.for_values(SERVICE)) == [
        f"spec reads back as [], expected {SERVICE['spec']!r}"
    ]


def names_extra(messages: list[str], path: str, value: Any) -> bool:
    """One message, naming the unexpected field and the value found there."""
    return len(messages) == 1 and messages[0].startswith(f"{path} ") and repr(value) in messages[0]


def test_extra_key_in_an_open_mapping_passes_for_objects_only() -> None:
    document = changed(lambda d: d["spec"].update(sessionAffinity="ClientIP"))
    assert found(document, Intent.for_object(SERVICE)) == []
    assert names_extra(
        found(document, Intent.for_values(SERVICE)), "spec.sessionAffinity", "ClientIP"
    )


@pytest.mark.parametrize(
    ("change", "path", "value"),
    [
        (
            lambda d: d["metadata"]["annotations"].update({"b.io/y": "2"}),
            'metadata.annotations["b.io/y"]',
            "2",
        ),
        (lambda d: d["spec"]["selector"].update(tier="web"), "spec.selector.tier", "web"),
    ],
)
def test_extra_key_in_a_closed_mapping_fails(change: Any, path: str, value: str) -> None:
    assert names_extra(found(changed(change), Intent.for_object(SERVICE)), path, value)


def test_missing_key_in_a_closed_mapping_fails() -> None:
    document = changed(lambda d: d["metadata"].pop("annotations"))
    assert found(document, Intent.for_object(SERVICE)) == [
        "metadata.annotations[\"a.io/x\"] is missing, expected '1'"
    ]


def test_absent_and_empty_closed_mapping_are_alike() -> None:
    without = changed(lambda d: d["metadata"].pop("annotations"))
    empty = changed(lambda d: d["metadata"].update(annotations={}))
    assert found(empty, Intent.for_object(without)) == []
    assert found(without, Intent.for_object(empty)) == []


def test_closed_mapping_that_is_not_a_mapping_fails() -> None:
    document = changed(lambda d: d["metadata"].update(annotations="a.io/x=1"))
    assert found(document, Intent.for_object(SERVICE)) == [
        "metadata.annotations reads back as 'a.io/x=1', expected {'a.io/x': '1'}"
    ]


# ---- verify_text: the text itself ---------------------------------------------------------------


def test_verify_text_passes_on_the_intended_text() -> None:
    text = "kind: ConfigMap\ndata:\n  answer: 'yes'\n  port: '80'\n"
    intent = Intent.for_values({"kind": "ConfigMap", "data": {"answer": "yes", "port": "80"}})
    verify_text(text, "values.yaml", intent)


@pytest.mark.parametrize("plain", ["yes", "on", "off", "y"])
def test_verify_text_refuses_text_yaml_1_1_reads_differently(plain: str) -> None:
    intent = Intent.for_values({"data": {"answer": plain}})
    with pytest.raises(RenderCheckFailed, match=r"^values\.yaml: .*YAML 1\.1"):
        verify_text(f"data:\n  answer: {plain}\n", "values.yaml", intent)


def test_verify_text_refuses_a_sexagesimal_number() -> None:
    intent = Intent.for_values({"time": "1:30"})
    with pytest.raises(RenderCheckFailed, match=r"YAML 1\.1"):
        verify_text("time: 1:30\n", "values.yaml", intent)


@pytest.mark.parametrize(
    "text",
    ["a: 1\n---\na: 1\n", "- a\n- b\n", "just text\n", ""],
)
def test_verify_text_refuses_anything_but_one_mapping(text: str) -> None:
    with pytest.raises(RenderCheckFailed, match="not exactly one YAML mapping"):
        verify_text(text, "values.yaml", Intent.for_values({"a": 1}))


def test_verify_text_reports_a_difference() -> None:
    with pytest.raises(RenderCheckFailed, match=r"^values\.yaml: a reads back as '1', expected 1"):
        verify_text("a: '1'\n", "values.yaml", Intent.for_values({"a": 1}))


# ---- verify: real manifests --------------------------------------------------------------------


def manifests() -> list[Manifest]:
    data = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {
            "ports": [{"port": 80, "targetPort": 8080}],
            "exposure": {"type": "alb"},
            "hosts": ["web.example.com"],
            "dbAccess": {"securityGroupIds": ["sg-0123456789abcdef0"]},
        },
    }
    app = build_app(Document("web.yaml", 0, data, None))
    return render_app(app, "external-dns.alpha.kubernetes.io/")


def test_verify_passes_on_rendered_manifests() -> None:
    rendered = manifests()
    assert sorted(manifest.kind for manifest in rendered) == [
        "Ingress",
        "SecurityGroupPolicy",
        "Service",
    ]
    assert all(manifest.intent is not None for manifest in rendered)
    verify(rendered)


@pytest.mark.parametrize(
    ("kind", "old", "new", "message"),
    [
        (
            "Service",
            "targetPort: 8080",
            "targetPort: '8080'",
            "Service shop/web: spec.ports[0].targetPort reads back as '8080', expected 8080",
        ),
        (
            "Ingress",
            "number: 80",
            "number: 81",
            "Ingress shop/web: spec.rules[0].http.paths[0].backend.service.port.number "
            "reads back as 81, expected 80",
        ),
        (
            "Ingress",
            "  annotations:\n",
            "  annotations:\n    note: added\n",
            "Ingress shop/web: metadata.annotations.note ",
        ),
        (
            "SecurityGroupPolicy",
            "app: web",
            "app: api",
            "SecurityGroupPolicy shop/web: spec.podSelector.matchLabels.app reads back as 'api'",
        ),
    ],
)
def test_verify_fails_on_an_altered_text(kind: str, old: str, new: str, message: str) -> None:
    altered = []
    for manifest in manifests():
        if manifest.kind == kind:
            assert old in manifest.text
            manifest = dataclasses.replace(manifest, text=manifest.text.replace(old, new, 1))
        altered.append(manifest)
    with pytest.raises(RenderCheckFailed) as raised:
        verify(altered)
    assert str(raised.value).startswith(message)
