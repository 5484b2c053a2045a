"""Annotation values read back into spec fields, for an ALB Ingress and an NLB Service alike.

The tables in eksgen.render.annotations map each spec.exposure field to the annotation eksgen
writes for it; this module reverses them, parsing each value the way the AWS Load Balancer
Controller reads it (comma lists, key=value maps, CIDRs, integers). It also reads what both
load balancer kinds carry besides: the TLS certificate and policy, and the ExternalDNS
hostname, ttl and ingress-hostname-source, which become spec.hosts and spec.dns.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from eksgen.importer.build import Build, Found
from eksgen.importer.objects import (
    MAX_DIGITS,
    SERVICE,
    Object,
    decimal,
    shown,
    split_list,
    too_many_digits,
)
from eksgen.model import defaults, facts
from eksgen.model.app import ALB
from eksgen.model.controller import DNS_PREFIXES, GO_FALSE, GO_TRUE
from eksgen.spec.path import FieldPath

# The AWS Load Balancer Controller's own default (TLS 1.0 and later), named in a warning.
CONTROLLER_DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08"
# Spec fields with code of their own; the other exposure fields follow the tables.
_SPECIAL_FIELDS = frozenset(
    {
        "spec.exposure.type",
        "spec.exposure.scheme",
        "spec.exposure.targetType",
        "spec.exposure.waf.aclArn",
        "spec.exposure.waf.aclName",
        "spec.exposure.auth.oidc",
        "spec.exposure.auth.cognito",
    }
)
_INT_FIELDS = frozenset(
    {
        "intervalSeconds",
        "timeoutSeconds",
        "healthyThreshold",
        "unhealthyThreshold",
        "order",
        "sessionTimeoutSeconds",
    }
)
_LIST_FIELDS = frozenset(
    {
        "subnets",
        "eipAllocations",
        "privateIpv4Addresses",
        "securityGroups",
        "securityGroupPrefixLists",
    }
)
_MAP_FIELDS = frozenset({"loadBalancer", "targetGroup", "tags", "targetNodeLabels"})
# A Go duration as ExternalDNS takes a ttl: ASCII digits only, none too long for int().
_DURATION = re.compile(r"(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?(?:([0-9]{1,9})s)?", re.ASCII)
# What _field_value returns for a value it has already reported as not imported.
_DROPPED = object()
# The ExternalDNS annotation eksgen writes for spec.dns.enabled: false on an Ingress.
HOSTNAME_SOURCE = "ingress-hostname-source"


def exposure_fields(
    build: Build,
    prefix: str,
    fields: dict[str, str],
    sources: Callable[[str], list[Object | None]],
) -> None:
    """Each spec.exposure field of an annotation table, read back from its annotation."""
    for suffix, spec_field in fields.items():
        if spec_field in _SPECIAL_FIELDS or not spec_field.startswith("spec.exposure."):
            continue
        found = build.take(prefix + suffix, *sources(suffix))
        if found is None:
            continue
        path = tuple(spec_field.split("."))
        value = _field_value(build, path[-1], found)
        if value is _DROPPED:
            continue
        if value is None:
            build.warn(found.source, found.path, "empty; not imported", key=True)
            continue
        build.put(path, value, found.source, found.path, "same")
        if build.exposure == ALB:
            from_service(build, found)


def listener_attributes(
    build: Build, prefix: str, families: dict[str, str], source: Object
) -> None:
    """spec.exposure.attributes.listeners from the per-listener family keys of one object.

    Every key of the family is read, whether or not the App has that listener: a key for
    another listener becomes a field that EKS078 names, not a silent loss.
    """
    for family, spec_field in families.items():
        start = prefix + family
        keys = sorted(k for k in build.unread[id(source)] if k.startswith(start) and k != start)
        for key in keys:
            found = build.take(key, source)
            assert found is not None
            values = _key_values(build, found)
            if not values:
                build.warn(found.source, found.path, "empty; not imported", key=True)
                continue
            path = (*spec_field.split("."), key[len(start) :])
            build.put(path, values, found.source, found.path, "same")


def _field_value(build: Build, name: str, found: Found) -> Any:
    """An annotation value in the spec field's type; the schema judges what comes out."""
    text = found.value.strip()
    if name in _LIST_FIELDS:
        return split_list(text) or None
    if name == "proxyProtocol":
        return _proxy_protocol(build, found, text)
    if name == "sourceRanges":
        return parse_cidrs(build, found) or None
    if name in _MAP_FIELDS:
        return _key_values(build, found) or None
    if name in _INT_FIELDS or name == "port":
        number = decimal(text, signed=name in _INT_FIELDS)
        if number is not None:
            return number
        if too_many_digits(text):
            message = f"{shown(text)} has more than {MAX_DIGITS} digits; not imported"
            build.warn(found.source, found.path, message)
            return _DROPPED
        return text  # not a number: the schema names the problem (or takes a port name)
    if name == "protocol":
        return text.upper()
    if name in ("shieldAdvanced", "manageBackendSecurityGroupRules", "tcpUdpListener"):
        return _go_bool(build, found, text)
    return text or None


def _proxy_protocol(build: Build, found: Found, text: str) -> Any:
    """'*' (the only value the controller takes) is proxy protocol v2 on; nothing else is."""
    if text == "*":
        return True
    message = f"{shown(text)}: the controller takes only '*' here; not imported"
    build.warn(found.source, found.path, message)
    return _DROPPED


def _go_bool(build: Build, found: Found, text: str) -> Any:
    """A boolean annotation as the controller parses it; anything else is not imported."""
    if text in GO_TRUE or text in GO_FALSE:
        return text in GO_TRUE
    message = f"{shown(text)} is not a boolean the controller reads (true or false); not imported"
    build.warn(found.source, found.path, message)
    return _DROPPED


def put_found(build: Build, name: str, found: Found | None, default: str) -> None:
    """spec.exposure.<name> from an annotation, else the default: eksgen writes both out."""
    if found is None:
        build.spec["exposure"][name] = default
    else:
        build.put(("spec", "exposure", name), found.value.strip(), found.source, found.path)


def from_service(build: Build, found: Found) -> None:
    """Warn when an ALB value came from the backend Service: eksgen moves it to the Ingress."""
    if found.source.kind == SERVICE:
        message = (
            "read from the backend Service, where it overrides the Ingress; eksgen writes it "
            "on the Ingress"
        )
        build.warn(found.source, found.path, message, key=True)


def parse_cidrs(build: Build, found: Found) -> list[str]:
    """Source ranges as network addresses: AWS reads 10.0.0.1/8 as 10.0.0.0/8."""
    networks: list[str] = []
    for item in split_list(found.value):
        try:
            network = str(ipaddress.ip_network(item, strict=False))
        except ValueError:
            network = item  # the schema names the problem
        if network.lower() != item.lower():
            build.warn(found.source, found.path, f"{item} imported as {network}")
        if network not in networks:
            networks.append(network)
    return networks


def _key_values(build: Build, found: Found) -> dict[str, str]:
    """A 'k=v,k=v' annotation as a mapping: split on ',' then on the first '='."""
    pairs: dict[str, str] = {}
    for item in split_list(found.value):
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            build.warn(found.source, found.path, f"{item!r} is not key=value; not imported")
            continue
        pairs[key.strip()] = value.strip()
    return pairs


def _seconds(text: str) -> int | str:
    """An ExternalDNS ttl in seconds: a number, or a Go duration such as 1m30s."""
    text = text.strip()
    number = decimal(text)
    if number is not None:
        return number
    match = _DURATION.fullmatch(text)
    if text and match:
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    return text  # the schema names the problem


def unused_without_certificate(build: Build, *founds: Found | None) -> None:
    """Warn about TLS annotations that a load balancer without a certificate ignores."""
    for found in founds:
        if found is not None:
            message = "no effect without a certificate, and eksgen renders it only with one"
            build.warn(found.source, found.path, message + "; not imported", key=True)


def tls_certificates(
    build: Build, cert: Found, policy: Found | None, policy_key: str, discovered: bool = False
) -> None:
    """spec.tls certificates and policy; the policy only where it is not eksgen's default.

    discovered: cert is the listen-ports that ask for HTTPS without a certificate-arn, so
    that spec.tls has no certificateArns and the controller discovers them by host.
    """
    build.put(("spec", "tls"), {}, cert.source, cert.path)
    if not discovered:
        arns = split_list(cert.value)
        build.put(("spec", "tls", "certificateArns"), arns, cert.source, cert.path, "same")
    if policy is None:
        message = (
            f"no {policy_key}: the controller's default is {CONTROLLER_DEFAULT_TLS_POLICY} "
            f"(TLS 1.0 and later); the imported spec takes eksgen's, {defaults.TLS_POLICY} "
            f"(TLS 1.2 and later): set spec.tls.policy if old clients need the other"
        )
        build.warn(cert.source, cert.path, message)
    elif policy.value.strip() != defaults.TLS_POLICY:
        build.put(("spec", "tls", "policy"), policy.value.strip(), policy.source, policy.path)


def dns(build: Build, hosts: list[tuple[str, FieldPath]], objects: list[Object | None]) -> None:
    """spec.hosts and spec.dns: the rule hosts (alb) and the ExternalDNS annotations."""
    hostname, ttl = _dns_annotations(build, objects)
    source = _hostname_source(build, objects)
    rule_hosts = [host for host, _ in hosts]
    if hostname is not None:
        published = [host.strip().rstrip(".").lower() for host in split_list(hostname.value)]
        for host in published:
            if host in [known for known, _ in hosts]:
                continue
            hosts.append((host, hostname.path))
            if build.exposure == ALB:
                message = (
                    f"{host} is not an Ingress rule host: eksgen uses spec.hosts for both, so "
                    "the rendered Ingress has a rule for it"
                )
                build.warn(hostname.source, hostname.path, message)
        missing = [host for host in rule_hosts if host not in published]
        if missing:
            message = f"eksgen publishes every rule host, so also {', '.join(missing)}"
            build.warn(hostname.source, hostname.path, message)
    off = source is not None and _publishes_nothing(build, source, hostname)
    _put_hosts(build, hosts, hostname, ttl, off)


def _hostname_source(build: Build, objects: list[Object | None]) -> Found | None:
    """ingress-hostname-source under either prefix, as the ingress source reads it.

    The service source never reads it (source/service.go, v0.22.0): on a Service it is
    dropped with a warning.
    """
    chosen: Found | None = None
    for prefix in DNS_PREFIXES:
        for obj in objects:
            found = build.take(prefix + HOSTNAME_SOURCE, obj)
            if found is None:
                continue
            if found.source.kind != "Ingress":
                message = "ExternalDNS reads it on Ingresses only; not imported"
                build.warn(found.source, found.path, message, key=True)
            elif chosen is not None:
                message = f"also given under {chosen.path[-1]}, which is imported"
                build.warn(found.source, found.path, message + "; not imported", key=True)
            else:
                chosen = found
    return chosen


def _publishes_nothing(build: Build, source: Found, hostname: Found | None) -> bool:
    """Whether an Ingress's ingress-hostname-source leaves ExternalDNS no name to publish.

    annotation-only drops the rule hosts: with no hostname annotation nothing is left, which
    is what eksgen writes for spec.dns.enabled: false. defined-hosts-only drops the hostname
    annotation, whose hosts eksgen takes as spec.hosts anyway. The ingress source compares
    the value lower-cased and publishes nothing for any other (source/ingress.go, v0.22.0).
    """
    value = source.value.strip().lower()
    if value == facts.external_dns.ANNOTATION_ONLY:
        return hostname is None
    if value == facts.external_dns.DEFINED_HOSTS_ONLY:
        if hostname is not None:
            message = (
                "ExternalDNS then skips the hostname annotation, but eksgen publishes every "
                "host of spec.hosts; not imported"
            )
            build.warn(source.source, source.path, message)
        return False
    message = (
        f"{shown(source.value)} is neither annotation-only nor defined-hosts-only, so "
        "ExternalDNS publishes no name of this Ingress: imported as spec.dns.enabled: false"
    )
    build.warn(source.source, source.path, message)
    return True


def _dns_annotations(
    build: Build, objects: list[Object | None]
) -> tuple[Found | None, Found | None]:
    """The hostname and ttl under either ExternalDNS prefix; eksgen writes the alpha one."""
    chosen: dict[str, Found] = {}
    for prefix in DNS_PREFIXES:
        for key in ("hostname", "ttl"):
            found = build.take(prefix + key, *objects)
            if found is None:
                continue
            if key in chosen:
                message = f"also given under {chosen[key].path[-1]}, which is imported"
                build.warn(found.source, found.path, message + "; not imported", key=True)
                continue
            if prefix != defaults.DNS_ANNOTATION_PREFIX:
                message = (
                    f"eksgen writes the prefix {defaults.DNS_ANNOTATION_PREFIX}, or the one a "
                    "Cluster spec sets in externalDns.annotationPrefix"
                )
                build.warn(found.source, found.path, message, key=True)
            chosen[key] = found
    return chosen.get("hostname"), chosen.get("ttl")


def _put_hosts(
    build: Build,
    hosts: list[tuple[str, FieldPath]],
    hostname: Found | None,
    ttl: Found | None,
    off: bool,
) -> None:
    """spec.hosts with each host's source; spec.dns.enabled: false when nothing is published.

    Rule hosts without any ExternalDNS annotation are published all the same (the ingress
    source reads the rules), so they keep DNS on: the rendered Ingress adds a hostname
    annotation with the same names.
    """
    owner = build.group.ingress or build.group.primary
    if hosts:
        build.put(("spec", "hosts"), [host for host, _ in hosts], owner, ("spec",))
        for index, (_, where) in enumerate(hosts):
            source = hostname.source if hostname and where == hostname.path else owner
            build.origins[("spec", "hosts", index)] = (source, where)
        if off:
            build.put(("spec", "dns"), {"enabled": False}, owner, ("spec",))
    if ttl is not None and hostname is None:
        message = "a ttl without a hostname: eksgen renders it only with one; not imported"
        build.warn(ttl.source, ttl.path, message, key=True)
    elif ttl is not None and off:
        message = "no name is published, and eksgen renders a ttl only with one; not imported"
        build.warn(ttl.source, ttl.path, message, key=True)
    elif ttl is not None and too_many_digits(ttl.value.strip()):
        message = f"{shown(ttl.value.strip())} has more than {MAX_DIGITS} digits; not imported"
        build.warn(ttl.source, ttl.path, message)
    elif ttl is not None:
        build.put(("spec", "dns", "ttl"), _seconds(ttl.value), ttl.source, ttl.path)
