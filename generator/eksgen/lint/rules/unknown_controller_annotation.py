"""EKS027 unknown-controller-annotation: an annotation key no controller reads.

The AWS Load Balancer Controller and ExternalDNS silently ignore keys they do not know, so
a typo such as alb.ingress.kubernetes.io/group-name (for group.name) changes nothing and
nobody is told: the Ingress gets an ALB of its own. eksgen knows every key of those
prefixes (the controller's from eksgen's table of its annotations, v3.5.0) and flags the
others in metadata.annotations, with the closest known key. A known key goes only to the
object that reads it (eksgen.model.placement), and nowhere when the App renders no such
object: a key the controller reads on Ingresses only, on an App whose exposure renders no
Ingress (nlb, none), the one it reads on Pods, which eksgen never writes, and any
controller or ExternalDNS key on an App without ports, which renders its
SecurityGroupPolicy alone. (A key that the controller also reads on a backend Service, such
as alb.ingress.kubernetes.io/healthcheck-path, goes to the Service of an App without an
Ingress, where it may serve an Ingress written elsewhere, so it is never flagged there.) It
also flags the deprecated kubernetes.io/ingress.class: beside the spec.ingressClassName alb
that eksgen writes, the API server accepts it only when it says alb too (another value is
EKS028's error), and then it is redundant; without an Ingress it goes nowhere.
A warning: a key newer than eksgen's table may be right.

FAIL: metadata.annotations {alb.ingress.kubernetes.io/group-name: shared}
FAIL: exposure nlb, metadata.annotations {alb.ingress.kubernetes.io/wafv2-acl-arn: arn:...}
PASS: exposure alb, metadata.annotations {alb.ingress.kubernetes.io/wafv2-acl-arn: arn:...}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import facts
from eksgen.model.app import ALB, App
from eksgen.model.controller import (
    DNS_PREFIXES,
    INGRESS_PREFIX,
    LEGACY_CLASS_ANNOTATION,
    SERVICE_PREFIX,
    generated_key_fields,
)

ID = "EKS027"
NAME = "unknown-controller-annotation"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Correct the key to the one the controller reads (see the message), or remove it; move "
    "an Ingress-only key to an App with exposure alb."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2564"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/annotations/constants.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
    " ; kubernetes-sigs/external-dns source/annotations/annotations.go"
)

LBC = "the AWS Load Balancer Controller"
# The Service keys the rule checks: the NLB's own. Other service.beta.kubernetes.io keys
# belong to the in-tree cloud provider too, and are left alone.
NLB_PREFIX = SERVICE_PREFIX + "aws-load-balancer-"
# Keys of ExternalDNS (either prefix).
DNS_KEYS = frozenset(
    [
        "hostname",
        "ttl",
        "target",
        "internal-hostname",
        "controller",
        "ingress-hostname-source",
        "access",
        "endpoints-type",
        "alias",
        "set-identifier",
        "record-type",
        "ingress",
        "gateway-hostname-source",
        "aws-weight",
        "aws-region",
        "aws-failover",
        "aws-geolocation-continent-code",
        "aws-geolocation-country-code",
        "aws-geolocation-subdivision-code",
        "aws-geoproximity-region",
        "aws-geoproximity-local-zone-group",
        "aws-geoproximity-coordinates",
        "aws-geoproximity-bias",
        "aws-multi-value-answer",
        "aws-health-check-id",
        "aws-evaluate-target-health",
        "aws-target-hosted-zone",
        "aws-hosted-zone-id",
    ]
)


def check(app: App) -> Iterator[Finding]:
    """Flag unknown keys under the controllers' prefixes, and the legacy class annotation."""
    for key, value in app.annotations:
        path = ("metadata", "annotations", key)
        if key == LEGACY_CLASS_ANNOTATION:
            message = _legacy_class(app, value)
        elif key.startswith((INGRESS_PREFIX, NLB_PREFIX)):
            message = _controller_key(app, key)
        else:
            message = _dns_key(app, key)
        if message:
            yield Finding(app, path, message, at_key=True)


def _legacy_class(app: App, value: str) -> str | None:
    """What the deprecated class annotation does here; None when EKS028 reports it."""
    if app.exposure.type != ALB:
        return (
            f"is deprecated, and exposure {app.exposure.type} renders no Ingress, the only "
            "object that reads it: eksgen leaves it out; remove it"
        )
    ingress_class = app.exposure.ingress_class
    if value != ingress_class:
        return None  # the API server refuses the Ingress: EKS028's error
    return (
        f"is deprecated and redundant: eksgen writes spec.ingressClassName: {ingress_class}, "
        "and the API server accepts the annotation beside it only because both say "
        f"{ingress_class}; remove it"
    )


def _controller_key(app: App, key: str) -> str | None:
    """An unknown key, or a known one that no object the App renders is read for."""
    fact = facts.lbc.lookup(key)
    if fact is None:
        prefix = INGRESS_PREFIX if key.startswith(INGRESS_PREFIX) else NLB_PREFIX
        return _unknown(key, prefix, _CONTROLLER_KEYS[prefix], LBC)
    if not fact.kinds & {facts.lbc.INGRESS, facts.lbc.SERVICE}:
        kinds = " and ".join(sorted(fact.kinds))
        return (
            f"is read by {LBC} on {kinds} objects only, and eksgen writes none: eksgen "
            "leaves it out; remove it"
        )
    if not app.has_service:
        return _policy_only(key, LBC)
    if fact.kinds == {facts.lbc.INGRESS} and app.exposure.type != ALB:
        return (
            f"is read by {LBC} on Ingresses only, and exposure {app.exposure.type} renders "
            "no Ingress: eksgen leaves it out; remove it or set exposure.type: alb"
        )
    return None


def _dns_key(app: App, key: str) -> str | None:
    for prefix in DNS_PREFIXES:
        if not key.startswith(prefix):
            continue
        if key[len(prefix) :] not in DNS_KEYS:
            return _unknown(key, prefix, DNS_KEYS, "ExternalDNS")
        if not app.has_service:
            return _policy_only(key, "ExternalDNS")
    return None


def _policy_only(key: str, reader: str) -> str | None:
    """A known key on an App without ports, which renders no object that reads it.

    None for a key eksgen generates: EKS013 refuses it already.
    """
    if key in generated_key_fields():
        return None
    return (
        f"is read by {reader} on a Service or an Ingress, and an App without ports renders "
        "neither: eksgen leaves it out; remove it"
    )


def _unknown(key: str, prefix: str, known: frozenset[str], owner: str) -> str:
    """The message for an unknown key, with the closest known one."""
    near = difflib.get_close_matches(key[len(prefix) :], sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean {prefix}{near[0]}?" if near else ""
    return f"is not an annotation {owner} reads, so it does nothing{hint}"


def _suffixes(prefix: str) -> frozenset[str]:
    """The controller's whole keys under a prefix, as suffixes (families are no spellings)."""
    known = facts.lbc.ANNOTATIONS.values()
    return frozenset(
        f.key[len(prefix) :] for f in known if f.key.startswith(prefix) and not f.family
    )


_CONTROLLER_KEYS = {prefix: _suffixes(prefix) for prefix in (INGRESS_PREFIX, NLB_PREFIX)}
