"""EKS041 external-dns-annotation-version: an ExternalDNS annotation needs a newer ExternalDNS.

ExternalDNS ignores annotations it does not know. On a release older than the one that
added an annotation, the setting silently does not happen: without ingress-hostname-source
(0.9.0), which eksgen writes for spec.dns.enabled: false, the Ingress rule hosts are
published anyway; a Route 53 zone pinned with aws-hosted-zone-id (0.22.0) is not. Both the
annotations eksgen writes from spec fields (reported at the field) and those in
metadata.annotations count. The release compared with is the Cluster spec's
externalDns.version, else --external-dns-version, else the one eksgen pins. An app without
ports renders only a SecurityGroupPolicy, which ExternalDNS does not read: its annotations
are EKS027's (they do nothing), not this rule's.

FAIL: --external-dns-version 0.8.0 with an alb App that has hosts and dns {enabled: false}
PASS: --external-dns-version 0.9.0 with an alb App that has hosts and dns {enabled: false}
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.versions import in_force
from eksgen.model import facts
from eksgen.model.app import ALB, App
from eksgen.model.controller import DNS_PREFIXES
from eksgen.spec.path import FieldPath

ID = "EKS041"
NAME = "external-dns-annotation-version"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Upgrade ExternalDNS and set externalDns.version (or --external-dns-version) to the "
    "release named, or remove the field or annotation."
)
SOURCE = (
    "kubernetes-sigs/external-dns source/annotations/annotations.go#v0.22.0"
    " ; kubernetes-sigs/external-dns source/ingress.go#v0.9.0"
    " ; kubernetes-sigs/external-dns source/annotations/provider_specific.go#v0.22.0"
)

# What is published instead when a release ignores the annotation.
_INSTEAD = {
    "ingress-hostname-source": " and publishes the Ingress rule hosts",
    "gateway-hostname-source": " and publishes the HTTPRoute's hostnames",
}


def check(app: App) -> Iterator[Finding]:
    """Flag each ExternalDNS annotation of the App that the release in force predates."""
    release = in_force().external_dns
    for name, path, at_key in _annotations(app):
        fact = facts.external_dns.ANNOTATIONS.get(name)
        if fact is None or facts.versions.at_least(release.version, fact.since):
            continue
        reader = f"ExternalDNS reads since {fact.since}; {release} ignores it"
        instead = _INSTEAD.get(name, "")
        if at_key:
            message = f"is an annotation {reader}{instead}"
        else:
            message = f"becomes the {name} annotation, which {reader}{instead}"
        yield Finding(app, path, message, at_key=at_key)


def _annotations(app: App) -> Iterator[tuple[str, FieldPath, bool]]:
    """(name without prefix, where to report, at the key?) for each ExternalDNS annotation.

    The generated ones follow eksgen.render.annotations.dns_annotations.
    """
    if app.publishes_dns:
        yield "hostname", ("spec", "hosts"), False
        if app.dns.ttl is not None:
            yield "ttl", ("spec", "dns", "ttl"), False
    elif app.exposure.type == ALB and app.hosts:
        # A Gateway App's HTTPRoute carries gateway-hostname-source (render.gateway_objects).
        source = "gateway-hostname-source" if app.uses_gateway else "ingress-hostname-source"
        yield source, ("spec", "dns", "enabled"), False
    if not app.has_service:
        return  # they land on the SecurityGroupPolicy alone, which ExternalDNS never reads
    for key, _ in app.annotations:
        for prefix in DNS_PREFIXES:
            if key.startswith(prefix):
                yield key[len(prefix) :], ("metadata", "annotations", key), True
