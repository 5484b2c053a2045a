"""IngressClasses with IngressClassParams: the ALB settings a platform team owns for its Apps.

A Cluster spec's ingressClasses each become an IngressClass (controller ingress.k8s.aws/alb)
whose spec.parameters names an IngressClassParams (elbv2.k8s.aws/v1beta1) of the same name.
An App of such a class gets the class's settings as its effective values (apply_class), so
that the plan, the IngressGroup checks and the cost see what the controller builds.

Facts (kubernetes-sigs/aws-load-balancer-controller v3.5.0-8, docs/guide/ingress/
ingress_class.md and pkg/ingress):
- scheme, ipAddressType, loadBalancerName, targetType, sslPolicy, inboundCIDRs,
  certificateArn, wafv2AclArn/wafv2AclName and group.name replace the Ingress annotation
  (model_build_load_balancer.go, model_build_listener.go, model_build_target_group.go,
  model_build_load_balancer_addons.go, group_loader.go);
- subnets beside the subnets annotation is an error, "conflicting subnet specifications:
  IngressClassParams versus annotation" (model_build_load_balancer.go);
- loadBalancerAttributes and tags merge with the annotation's, the class's value winning for
  a key both give (model_build_load_balancer_attributes.go, model_build_tags.go);
- namespaceSelector: an Ingress in a namespace it does not select is refused
  (class_loader.go validateIngressClassParamsNamespaceRestriction).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from eksgen.model.text import string_pairs

CONTROLLER = "ingress.k8s.aws/alb"
PARAMS_API_GROUP = "elbv2.k8s.aws"
PARAMS_API_VERSION = "elbv2.k8s.aws/v1beta1"
PARAMS_KIND = "IngressClassParams"
# The one namespace label Kubernetes sets itself (since 1.21): the only one eksgen knows.
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


class Requirement(NamedTuple):
    """One matchExpressions entry of a label selector."""

    key: str
    operator: str
    values: tuple[str, ...] = ()


class IngressClassSettings(NamedTuple):
    """One IngressClass of a Cluster spec; None or empty: the class leaves it to the Ingress."""

    name: str
    scheme: str | None = None
    ip_address_type: str | None = None
    group_name: str | None = None
    target_type: str | None = None
    load_balancer_name: str | None = None
    certificate_arns: tuple[str, ...] = ()
    ssl_policy: str | None = None
    subnets: tuple[str, ...] = ()
    inbound_cidrs: tuple[str, ...] = ()
    waf_acl_arn: str | None = None
    waf_acl_name: str | None = None
    load_balancer_attributes: tuple[tuple[str, str], ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    match_labels: tuple[tuple[str, str], ...] = ()
    match_expressions: tuple[Requirement, ...] = ()
    has_selector: bool = False

    def owned_suffixes(self) -> frozenset[str]:
        """The Ingress annotation suffixes the class replaces, so eksgen does not write them."""
        given = {
            "scheme": self.scheme,
            "ip-address-type": self.ip_address_type,
            "group.name": self.group_name,
            "target-type": self.target_type,
            "load-balancer-name": self.load_balancer_name,
            "certificate-arn": self.certificate_arns,
            "ssl-policy": self.ssl_policy,
            "subnets": self.subnets,
            "inbound-cidrs": self.inbound_cidrs,
            "wafv2-acl-arn": self.waf_acl_arn or self.waf_acl_name,
            "wafv2-acl-name": self.waf_acl_arn or self.waf_acl_name,
        }
        return frozenset(suffix for suffix, value in given.items() if value)

    def selects(self, namespace: str) -> bool | None:
        """Whether the class admits an Ingress in the namespace; None when eksgen cannot tell.

        eksgen knows a namespace's kubernetes.io/metadata.name label only: a selector on any
        other key depends on labels outside the specs.
        """
        if not self.has_selector:
            return True
        keys = {key for key, _ in self.match_labels} | {r.key for r in self.match_expressions}
        if keys - {NAMESPACE_NAME_LABEL}:
            return None
        labels = {NAMESPACE_NAME_LABEL: namespace}
        if any(labels.get(key) != value for key, value in self.match_labels):
            return False
        return all(_meets(requirement, labels) for requirement in self.match_expressions)


def _meets(requirement: Requirement, labels: dict[str, str]) -> bool:
    """Apimachinery's label selector semantics (labels.Requirement.Matches)."""
    present = requirement.key in labels
    value = labels.get(requirement.key)
    return {
        "In": present and value in requirement.values,
        "NotIn": not present or value not in requirement.values,
        "Exists": present,
        "DoesNotExist": not present,
    }[requirement.operator]


def build_ingress_class(item: dict[str, Any]) -> IngressClassSettings:
    """One schema-valid spec.ingressClasses entry as the model."""
    waf = item.get("waf", {})
    selector = item.get("namespaceSelector")
    return IngressClassSettings(
        name=item["name"],
        scheme=item.get("scheme"),
        ip_address_type=item.get("ipAddressType"),
        group_name=item.get("groupName"),
        target_type=item.get("targetType"),
        load_balancer_name=item.get("loadBalancerName"),
        certificate_arns=tuple(item.get("certificateArns", ())),
        ssl_policy=item.get("sslPolicy"),
        subnets=tuple(item.get("subnets", ())),
        inbound_cidrs=tuple(item.get("inboundCidrs", ())),
        waf_acl_arn=waf.get("aclArn"),
        waf_acl_name=waf.get("aclName"),
        load_balancer_attributes=string_pairs(item.get("loadBalancerAttributes")),
        tags=string_pairs(item.get("tags")),
        match_labels=tuple(sorted((selector or {}).get("matchLabels", {}).items())),
        match_expressions=tuple(
            Requirement(entry["key"], entry["operator"], tuple(entry.get("values", ())))
            for entry in (selector or {}).get("matchExpressions", ())
        ),
        has_selector=selector is not None,
    )


def params_spec(settings: IngressClassSettings) -> dict[str, Any]:
    """The IngressClassParams spec, in the CRD's field names; only what the class sets."""
    spec: dict[str, Any] = {}
    for key, value in (
        ("scheme", settings.scheme),
        ("ipAddressType", settings.ip_address_type),
        ("targetType", settings.target_type),
        ("loadBalancerName", settings.load_balancer_name),
        ("sslPolicy", settings.ssl_policy),
        ("wafv2AclArn", settings.waf_acl_arn),
        ("wafv2AclName", settings.waf_acl_name),
    ):
        if value is not None:
            spec[key] = value
    if settings.group_name is not None:
        spec["group"] = {"name": settings.group_name}
    if settings.certificate_arns:
        spec["certificateArn"] = list(settings.certificate_arns)
    if settings.subnets:
        spec["subnets"] = {"ids": list(settings.subnets)}
    if settings.inbound_cidrs:
        spec["inboundCIDRs"] = list(settings.inbound_cidrs)
    if settings.load_balancer_attributes:
        spec["loadBalancerAttributes"] = _key_value_list(settings.load_balancer_attributes)
    if settings.tags:
        spec["tags"] = _key_value_list(settings.tags)
    if settings.has_selector:
        spec["namespaceSelector"] = _selector(settings)
    return spec


def _key_value_list(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in pairs]


def _selector(settings: IngressClassSettings) -> dict[str, Any]:
    selector: dict[str, Any] = {}
    if settings.match_labels:
        selector["matchLabels"] = dict(settings.match_labels)
    if settings.match_expressions:
        selector["matchExpressions"] = [_requirement(r) for r in settings.match_expressions]
    return selector


def _requirement(requirement: Requirement) -> dict[str, Any]:
    found: dict[str, Any] = {"key": requirement.key, "operator": requirement.operator}
    if requirement.values:
        found["values"] = list(requirement.values)
    return found


def find_class(name: str, classes: tuple[IngressClassSettings, ...]) -> IngressClassSettings | None:
    """The class of that name, if a Cluster spec of the run defines it."""
    return next((found for found in classes if found.name == name), None)
