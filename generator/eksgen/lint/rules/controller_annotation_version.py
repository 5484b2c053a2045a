"""EKS040 controller-annotation-version: an annotation needs a newer load balancer controller.

The AWS Load Balancer Controller ignores annotations it does not know, so on a release older
than the one that added an annotation the setting behind it silently does not happen: the
load balancer keeps a generated name, the NLB its attributes, HTTP its listener. Every
annotation on the App's load balancer object counts: those eksgen writes from spec fields
(reported at the field) and those in metadata.annotations. The release compared with is the
Cluster spec's loadBalancerController.version, else --controller-version, else the one
eksgen pins.

FAIL: loadBalancerController {version: "2.1.0"} beside exposure {type: alb, loadBalancerName: web}
PASS: loadBalancerController {version: "2.2.0"} beside exposure {type: alb, loadBalancerName: web}
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.versions import in_force
from eksgen.model import facts
from eksgen.model.app import ALB, NLB, App
from eksgen.model.controller import INGRESS_FIELDS, INGRESS_PREFIX, SERVICE_FIELDS, SERVICE_PREFIX
from eksgen.spec.path import FieldPath

ID = "EKS040"
NAME = "controller-annotation-version"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Upgrade the AWS Load Balancer Controller and set loadBalancerController.version (or "
    "--controller-version) to the release named, or remove the field or annotation."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/annotations/constants.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)

# Annotations eksgen writes from its defaults whatever the spec gives (reported at
# spec.exposure.type), and those it writes for any spec.tls (reported there).
_ALWAYS = {
    ALB: ("scheme", "target-type", "listen-ports"),
    NLB: (
        "aws-load-balancer-type",
        "aws-load-balancer-nlb-target-type",
        "aws-load-balancer-scheme",
    ),
}
_WITH_TLS = {
    ALB: ("certificate-arn", "ssl-policy"),
    NLB: ("aws-load-balancer-ssl-cert", "aws-load-balancer-ssl-ports"),
}
_TABLES = {ALB: (INGRESS_PREFIX, INGRESS_FIELDS), NLB: (SERVICE_PREFIX, SERVICE_FIELDS)}


def check(app: App) -> Iterator[Finding]:
    """Flag the annotations of the App's load balancer that the release in force predates."""
    release = in_force().lbc
    too_new: dict[tuple[FieldPath, bool], list[tuple[str, str]]] = {}
    for key, path, at_key in _annotations(app):
        fact = facts.lbc.lookup(key)
        if fact is not None and not facts.versions.at_least(release.version, fact.since):
            too_new.setdefault((path, at_key), []).append((key, fact.since))
    for (path, at_key), found in too_new.items():
        yield Finding(app, path, _message(found, at_key, str(release)), at_key=at_key)


def _message(found: list[tuple[str, str]], at_key: bool, release: str) -> str:
    """What the annotations need, and which release ignores them."""
    since = max((since for _, since in found), key=facts.versions.parse_version)
    reader = f"the AWS Load Balancer Controller reads since {since}"
    if at_key:
        return f"is an annotation {reader}; {release} ignores it"
    keys = " and ".join(key for key, _ in found)
    them = "it" if len(found) == 1 else "them"
    return f"becomes {keys}, which {reader}; {release} ignores {them}"


def _annotations(app: App) -> Iterator[tuple[str, FieldPath, bool]]:
    """(key, where to report, at the key?) for each controller annotation of the App."""
    kind = app.exposure.type
    if kind not in _TABLES or app.uses_gateway:  # no annotation: EKS062 checks the Gateway
        return
    prefix, table = _TABLES[kind]
    spec = app.raw.get("spec", {})
    for suffix, field in table.items():
        path = tuple(field.split("."))
        if _given(spec, path[1:]):
            yield prefix + suffix, path, False
        elif suffix in _ALWAYS[kind]:
            yield prefix + suffix, ("spec", "exposure", "type"), False
        elif suffix in _WITH_TLS[kind] and "tls" in spec:
            yield prefix + suffix, ("spec", "tls"), False
    for key, _ in app.annotations:
        if key.startswith((INGRESS_PREFIX, SERVICE_PREFIX)):
            yield key, ("metadata", "annotations", key), True


def _given(data: object, path: FieldPath) -> bool:
    """Whether the raw spec holds a value at path."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True
