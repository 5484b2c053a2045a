"""Which of an App's objects carries each annotation of metadata.annotations.

An annotation is read by the objects of one kind: the AWS Load Balancer Controller reads
alb.ingress.kubernetes.io/* on Ingresses (a few of those keys on backend Services too) and
service.beta.kubernetes.io/* on Services; Kubernetes reads service.kubernetes.io/* on
Services; ExternalDNS reads its keys on the object it publishes (the Ingress of an alb App,
the Service otherwise). Such a key goes to that object alone: a WAF ACL on the Service as
well would only mislead whoever reads it, and an Ingress key on a SecurityGroupPolicy is
noise. Every other key (a team's own, say) goes to every object. A key whose reader the App
does not render goes nowhere; the rules say so (EKS027, EKS048).

The renderer, the size estimates of the rules and the import all place annotations with
this module, so that what is rendered, estimated and imported cannot disagree.
"""

from __future__ import annotations

from eksgen.model.app import ALB, App
from eksgen.model.controller import (
    DNS_PREFIXES,
    INGRESS_PREFIX,
    LEGACY_CLASS_ANNOTATION,
    TOOL_PREFIXES,
)

INGRESS, SERVICE, POLICY = "Ingress", "Service", "SecurityGroupPolicy"
BINDING = "TargetGroupBinding"
# Prefixes of the keys only a Service is read for: the controller's NLB keys (and the
# in-tree cloud provider's), and Kubernetes' own Service keys (topology-mode, say).
SERVICE_ONLY_PREFIXES = ("service.beta.kubernetes.io/", "service.kubernetes.io/")


def rendered_kinds(app: App) -> tuple[str, ...]:
    """The kinds of the objects the App renders, in the order they are written."""
    kinds = []
    if app.has_service:
        kinds.append(SERVICE)
    if app.exposure.type == ALB:
        kinds.append(INGRESS)
    if app.db_access is not None:
        kinds.append(POLICY)
    if app.target_group_bindings:
        kinds.append(BINDING)
    return tuple(kinds)


def reader_kinds(key: str, exposure_type: str) -> tuple[str, ...] | None:
    """The kinds that read a key, in order of preference; None: any object may carry it."""
    if key == LEGACY_CLASS_ANNOTATION:
        return (INGRESS,)
    if key.startswith(INGRESS_PREFIX):
        return _ingress_key_readers(key)
    if key.startswith(SERVICE_ONLY_PREFIXES):
        return (SERVICE,)
    if key.startswith(DNS_PREFIXES):
        return (INGRESS,) if exposure_type == ALB else (SERVICE,)
    return None


def _ingress_key_readers(key: str) -> tuple[str, ...]:
    """An Ingress key's readers: the Ingress, and the backend Service for some keys.

    The controller reads a few Ingress keys (health check, target type, backend protocol)
    on a backend Service too, where they apply to that Service's target group. The Ingress
    comes first: on an alb App its annotation applies to the same one backend. A key read
    on Pods alone has no reader among eksgen's objects; an unknown key is taken as the
    Ingress's (EKS027 flags both).
    """
    from eksgen.model import facts

    fact = facts.lbc.lookup(key)
    if fact is None:
        return (INGRESS,)
    return tuple(kind for kind in (INGRESS, SERVICE) if kind in fact.kinds)


def annotation_kinds(app: App, key: str) -> tuple[str, ...]:
    """The kinds of the App's objects that carry a key of metadata.annotations.

    A tool's key (eksgen.dev/*) is carried by none; a key a certain kind reads, by the first
    such kind the App renders; any other key, by every object.
    """
    rendered = rendered_kinds(app)
    if key.startswith(TOOL_PREFIXES):
        return ()
    readers = reader_kinds(key, app.exposure.type)
    if readers is None:
        return rendered
    return next(((kind,) for kind in readers if kind in rendered), ())


def annotations_on(app: App, kind: str) -> dict[str, str]:
    """The App's own annotations that its object of this kind carries."""
    return {key: value for key, value in app.annotations if kind in annotation_kinds(app, key)}


def left_out(app: App) -> list[tuple[str, tuple[str, ...]]]:
    """The keys no object of the App carries (tools' keys aside), with the kinds that read them."""
    unplaced = []
    for key, _ in app.annotations:
        if key.startswith(TOOL_PREFIXES) or annotation_kinds(app, key):
            continue
        unplaced.append((key, reader_kinds(key, app.exposure.type) or ()))
    return unplaced
