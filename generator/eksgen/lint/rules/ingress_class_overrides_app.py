"""EKS073 ingress-class-overrides-app: the App asks for a setting its IngressClass replaces.

A Cluster spec's IngressClass (spec.ingressClasses) owns what its IngressClassParams set: the
controller takes the params' scheme, IP address type, group, target type, load balancer
name, subnets, inbound CIDRs, web ACL, certificates and TLS policy, whatever the Ingress
says. An App of the class that gives another value would not get it: an App that asks for an
internal load balancer on an internet-facing class is public. eksgen renders the class's
values (the plan shows them) and reports each differing field of the App.

FAIL: exposure {ingressClass: public, scheme: internal}; class public is internet-facing
PASS: exposure {ingressClass: public}; class public is internet-facing
"""

from collections.abc import Iterator
from typing import Any

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import IngressClassSettings
from eksgen.model.app import App
from eksgen.spec.path import FieldPath

ID = "EKS073"
NAME = "ingress-class-overrides-app"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove the field from the App (its IngressClass decides it), or move the App to a class "
    "whose settings it accepts (spec.exposure.ingressClass)."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/ingress_class.md"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_load_balancer.go"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_listener.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag each field of the App's own spec whose value its class replaces with another."""
    settings = app.exposure.class_settings
    if settings is None:
        return
    spec = app.raw["spec"]
    for path, own, from_class in _pairs(spec, settings):
        if own is None or not from_class or _same(own, from_class):
            continue
        message = (
            f"{_show(own)} is replaced by IngressClass {settings.name!r}, which sets "
            f"{_show(from_class)}: the controller uses the class's value"
        )
        yield Finding(app, path, message)


def _pairs(
    spec: dict[str, Any], settings: IngressClassSettings
) -> Iterator[tuple[FieldPath, Any, Any]]:
    exposure, tls = spec.get("exposure", {}), spec.get("tls", {})
    waf = exposure.get("waf", {})
    yield ("spec", "exposure", "scheme"), exposure.get("scheme"), settings.scheme
    yield (
        ("spec", "exposure", "ipAddressType"),
        exposure.get("ipAddressType"),
        (settings.ip_address_type),
    )
    yield ("spec", "exposure", "targetType"), exposure.get("targetType"), settings.target_type
    yield (
        ("spec", "exposure", "loadBalancerName"),
        exposure.get("loadBalancerName"),
        (settings.load_balancer_name),
    )
    yield (
        ("spec", "exposure", "group", "name"),
        exposure.get("group", {}).get("name"),
        (settings.group_name),
    )
    yield ("spec", "exposure", "subnets"), exposure.get("subnets"), settings.subnets
    yield (
        ("spec", "exposure", "sourceRanges"),
        exposure.get("sourceRanges"),
        (settings.inbound_cidrs),
    )
    class_waf = settings.waf_acl_arn or settings.waf_acl_name
    own_waf = waf.get("aclArn") or waf.get("aclName") or ("none" if waf else None)
    yield ("spec", "exposure", "waf"), own_waf, class_waf
    yield (
        ("spec", "tls", "certificateArns"),
        tls.get("certificateArns"),
        (settings.certificate_arns),
    )
    yield ("spec", "tls", "policy"), tls.get("policy"), settings.ssl_policy


def _same(own: Any, from_class: Any) -> bool:
    if isinstance(own, list):
        return tuple(own) == tuple(from_class)
    return bool(own == from_class)


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return repr(value)
