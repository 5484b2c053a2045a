"""A LoadBalancer Service and its aws-load-balancer annotations read back into spec fields.

First whether the AWS Load Balancer Controller makes its load balancer at all (exposure nlb;
any other LoadBalancer Service imports as exposure none), then scheme, target type, the
exposure fields of the annotation table, source ranges, TLS and ExternalDNS. Deprecated
annotations (aws-load-balancer-internal, type nlb-ip) are read, with a warning that says
what eksgen writes instead.
"""

from __future__ import annotations

from eksgen.importer.build import _Build, _Found
from eksgen.importer.fields import (
    _cidrs,
    _dns,
    _exposure_fields,
    _put_found,
    _tls_certificates,
    _unused_without_certificate,
)
from eksgen.importer.objects import _list, _Object, _split, _text
from eksgen.model.app import NLB, NONE
from eksgen.model.controller import SERVICE_FIELDS, SERVICE_PREFIX

NLB_CLASS = "service.k8s.aws/nlb"


def _nlb_kind(build: _Build, service: _Object) -> str:
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
            message = "deprecated: eksgen writes external with nlb-target-type ip"
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


def _nlb(build: _Build) -> None:
    service = build.group.service
    assert service is not None
    build.spec["exposure"] = {"type": NLB}
    _nlb_scheme(build, service)
    _nlb_target_type(build, service)
    _exposure_fields(build, SERVICE_PREFIX, SERVICE_FIELDS, lambda _: [service])
    ranges = _list(service.spec.get("loadBalancerSourceRanges"))
    if ranges:
        where = ("spec", "loadBalancerSourceRanges")
        found = _Found(",".join(_text(item) for item in ranges), service, where)
        if build.spec["exposure"].get("sourceRanges") not in (None, _cidrs(build, found)):
            message = "differs from spec.loadBalancerSourceRanges, which wins; not imported"
            build.warn(service, ("metadata", "annotations"), message)
        cidrs = _cidrs(build, found)
        build.put(("spec", "exposure", "sourceRanges"), cidrs, service, where, "nested")
    _nlb_tls(build, service)
    _dns(build, [], [service])


def _nlb_scheme(build: _Build, service: _Object) -> None:
    scheme = build.take(SERVICE_PREFIX + "aws-load-balancer-scheme", service)
    legacy = build.take(SERVICE_PREFIX + "aws-load-balancer-internal", service)
    if legacy is not None:
        message = "deprecated: eksgen writes aws-load-balancer-scheme instead"
        build.warn(service, legacy.path, message, key=True)
        if scheme is None:
            internal = legacy.value.strip().lower() in ("true", "1", "t")
            build.spec["exposure"]["scheme"] = "internal" if internal else "internet-facing"
            return
    _put_found(build, "scheme", scheme, "internal")


def _nlb_target_type(build: _Build, service: _Object) -> None:
    target = build.take(SERVICE_PREFIX + "aws-load-balancer-nlb-target-type", service)
    if target is not None:
        _put_found(build, "targetType", target, "instance")
    elif service.spec.get("loadBalancerClass") == NLB_CLASS:
        build.spec["exposure"]["targetType"] = "instance"  # the controller's default
    elif _nlb_ip(service):
        build.spec["exposure"]["targetType"] = "ip"
    else:
        message = (
            "no aws-load-balancer-nlb-target-type: no controller provisions such a Service, "
            "and eksgen writes a target type; imported as instance, the controller's default"
        )
        build.warn(service, ("metadata", "annotations"), message)
        build.spec["exposure"]["targetType"] = "instance"


def _nlb_ip(service: _Object) -> bool:
    return _text(service.annotations().get(SERVICE_PREFIX + "aws-load-balancer-type")) == "nlb-ip"


def _nlb_tls(build: _Build, service: _Object) -> None:
    cert, ports, policy = (
        build.take(SERVICE_PREFIX + "aws-load-balancer-" + suffix, service)
        for suffix in ("ssl-cert", "ssl-ports", "ssl-negotiation-policy")
    )
    if cert is None:
        _unused_without_certificate(build, ports, policy)
        return
    _tls_certificates(build, cert, policy, "aws-load-balancer-ssl-negotiation-policy")
    if ports is None:
        return  # every TCP port, as the controller does
    refs: list[int | str] = []
    for item in _split(ports.value):
        ref: int | str = int(item) if item.isdigit() else item
        known = build.port_ref(number=ref) if isinstance(ref, int) else build.port_ref(name=ref)
        if known is None:
            build.warn(service, ports.path, f"{item!r} is not a port of the Service; ignored")
        elif ref not in refs:
            refs.append(ref)
    if refs:
        build.put(("spec", "tls", "ports"), refs, service, ports.path, "same")
