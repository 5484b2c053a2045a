"""A LoadBalancer Service and its aws-load-balancer annotations read back into spec fields.

First whether the AWS Load Balancer Controller makes its load balancer at all (exposure nlb;
any other LoadBalancer Service imports as exposure none), then scheme, target type, the
exposure fields of the annotation table, source ranges, TLS and ExternalDNS. Deprecated
annotations (aws-load-balancer-internal, type nlb-ip) are read, with a warning that says
what eksgen writes instead.
"""

from __future__ import annotations

from eksgen.importer.build import Build, Found
from eksgen.importer.fields import (
    dns,
    exposure_fields,
    parse_cidrs,
    put_found,
    tls_certificates,
    unused_without_certificate,
)
from eksgen.importer.objects import Object, as_list, as_text, decimal, shown, split_list
from eksgen.model import defaults
from eksgen.model.app import INSTANCE, IP, NLB, NONE
from eksgen.model.controller import SERVICE_FIELDS, SERVICE_PREFIX

NLB_CLASS = "service.k8s.aws/nlb"


def nlb_kind(build: Build, service: Object) -> str:
    """Exposure nlb when the AWS Load Balancer Controller makes the load balancer."""
    lb_type = build.take(SERVICE_PREFIX + "aws-load-balancer-type", service)
    value = lb_type.value.strip() if lb_type else None
    lb_class = service.spec.get("loadBalancerClass")
    if lb_class == NLB_CLASS:
        message = (
            "eksgen writes aws-load-balancer-type: external instead; a class cannot change on "
            "an existing Service, so if your manifests set it (not the controller's webhook), "
            "applying the rendered Service fails until the Service is recreated"
        )
        build.warn(service, ("spec", "loadBalancerClass"), message)
        return NLB
    if lb_class is None and lb_type is not None and value in ("external", "nlb-ip"):
        if value == "nlb-ip":
            message = f"deprecated: eksgen writes external with nlb-target-type {IP}"
            build.warn(service, lb_type.path, message)
        return NLB
    handler = (
        f"class {lb_class!r}"
        if lb_class is not None
        else (f"aws-load-balancer-type {value!r}" if value else "no aws-load-balancer-type")
    )
    message = (
        f"type LoadBalancer with {handler}: a load balancer that the AWS Load Balancer "
        "Controller does not make and eksgen cannot render; imported as exposure none"
    )
    build.warn(service, ("spec", "type"), message)
    return NONE


def read_nlb(build: Build) -> None:
    """spec.exposure, spec.tls and spec.hosts of an app whose Service is an NLB's."""
    service = build.group.service
    assert service is not None
    build.spec["exposure"] = {"type": NLB}
    _nlb_scheme(build, service)
    _nlb_target_type(build, service)
    exposure_fields(build, SERVICE_PREFIX, SERVICE_FIELDS, lambda _: [service])
    ranges = as_list(service.spec.get("loadBalancerSourceRanges"))
    if ranges:
        where = ("spec", "loadBalancerSourceRanges")
        found = Found(",".join(as_text(item) for item in ranges), service, where)
        if build.spec["exposure"].get("sourceRanges") not in (None, parse_cidrs(build, found)):
            message = "differs from spec.loadBalancerSourceRanges, which wins; not imported"
            build.warn(service, ("metadata", "annotations"), message)
        networks = parse_cidrs(build, found)
        build.put(("spec", "exposure", "sourceRanges"), networks, service, where, "nested")
    _nlb_tls(build, service)
    dns(build, [], [service])


def _nlb_scheme(build: Build, service: Object) -> None:
    """The scheme annotation, else the deprecated aws-load-balancer-internal, else eksgen's."""
    scheme = build.take(SERVICE_PREFIX + "aws-load-balancer-scheme", service)
    legacy = build.take(SERVICE_PREFIX + "aws-load-balancer-internal", service)
    if legacy is not None:
        message = "deprecated: eksgen writes aws-load-balancer-scheme instead"
        build.warn(service, legacy.path, message, key=True)
        if scheme is None:
            internal = legacy.value.strip().lower() in ("true", "1", "t")
            # What the deprecated annotation means, whatever eksgen's default scheme is.
            build.spec["exposure"]["scheme"] = "internal" if internal else "internet-facing"
            return
    put_found(build, "scheme", scheme, defaults.SCHEME)


def _nlb_target_type(build: Build, service: Object) -> None:
    """The target type annotation, else what the class or the deprecated type nlb-ip implies."""
    target = build.take(SERVICE_PREFIX + "aws-load-balancer-nlb-target-type", service)
    if target is not None:
        put_found(build, "targetType", target, INSTANCE)
    elif service.spec.get("loadBalancerClass") == NLB_CLASS:
        build.spec["exposure"]["targetType"] = INSTANCE  # the controller's default
    elif _nlb_ip(service):
        build.spec["exposure"]["targetType"] = IP  # what type nlb-ip means, not a default
    else:
        message = (
            "no aws-load-balancer-nlb-target-type: no controller provisions such a Service, "
            "and eksgen writes a target type; imported as instance, the controller's default"
        )
        build.warn(service, ("metadata", "annotations"), message)
        build.spec["exposure"]["targetType"] = INSTANCE


def _nlb_ip(service: Object) -> bool:
    """Whether the Service has the deprecated type nlb-ip (read even when already taken)."""
    return as_text(service.annotations().get(SERVICE_PREFIX + "aws-load-balancer-type")) == "nlb-ip"


def _nlb_tls(build: Build, service: Object) -> None:
    """spec.tls from ssl-cert, ssl-negotiation-policy and ssl-ports."""
    cert, ports, policy = (
        build.take(SERVICE_PREFIX + "aws-load-balancer-" + suffix, service)
        for suffix in ("ssl-cert", "ssl-ports", "ssl-negotiation-policy")
    )
    if cert is None:
        unused_without_certificate(build, ports, policy)
        return
    tls_certificates(build, cert, policy, "aws-load-balancer-ssl-negotiation-policy")
    if ports is None:
        return  # every TCP port, as the controller does
    refs: list[int | str] = []
    for item in split_list(ports.value):
        number = decimal(item)
        ref: int | str = item if number is None else number
        known = build.port_ref(number=ref) if isinstance(ref, int) else build.port_ref(name=ref)
        if known is None:
            build.warn(service, ports.path, f"{shown(item)} is not a port of the Service; ignored")
        elif ref not in refs:
            refs.append(ref)
    if refs:
        build.put(("spec", "tls", "ports"), refs, service, ports.path, "same")
