"""A LoadBalancer Service and its aws-load-balancer annotations read back into spec fields.

First whether eksgen can render the load balancer exactly: the AWS Load Balancer
Controller's NLB with a target type the manifest says (exposure nlb). Any other LoadBalancer
Service is an error, not imported: rendered as eksgen would, its load balancer would be
replaced, deleted or created (the cloud provider's NLB or Classic Load Balancer, another
controller's class, or targets left to the controller's default target type). Then scheme,
target type, the exposure fields of the annotation table, source ranges, TLS and
ExternalDNS. Deprecated
annotations (aws-load-balancer-internal, type nlb-ip) are read, with a warning that says
what eksgen writes instead.
"""

from __future__ import annotations

from typing import Any

from eksgen.importer.build import Build, Found
from eksgen.importer.fields import (
    dns,
    exposure_fields,
    listener_attributes,
    parse_cidrs,
    put_found,
    tls_certificates,
    unused_without_certificate,
)
from eksgen.importer.objects import Object, as_list, as_text, decimal, shown, split_list
from eksgen.model import defaults
from eksgen.model.app import INSTANCE, IP, NLB, NONE
from eksgen.model.controller import SERVICE_FAMILY_FIELDS, SERVICE_FIELDS, SERVICE_PREFIX
from eksgen.spec.path import FieldPath

NLB_CLASS = "service.k8s.aws/nlb"
_TYPE = SERVICE_PREFIX + "aws-load-balancer-type"
_TARGET = SERVICE_PREFIX + "aws-load-balancer-nlb-target-type"
# The Service types the AWS Load Balancer Controller takes without a class, and the target
# types it reads (pkg/service/service_utils.go and model_build_target_group.go, v3.5.0).
_EXTERNAL, _NLB_IP = "external", "nlb-ip"
_TARGET_TYPES = (IP, INSTANCE)
_IMPORTS = (
    "a LoadBalancer Service imports when the AWS Load Balancer Controller makes its NLB and "
    f"the manifest says its target type: loadBalancerClass {NLB_CLASS} or "
    f"aws-load-balancer-type {_EXTERNAL}, with aws-load-balancer-nlb-target-type {IP} or "
    f"{INSTANCE} (or the deprecated type {_NLB_IP})"
)
_DEFAULT_TARGET = (
    "the controller's --default-target-type, which the manifest does not say (instance in the "
    "controller's chart, ip in an eksgen Cluster)"
)


def nlb_kind(build: Build, service: Object) -> str:
    """Exposure nlb when eksgen renders the Service's load balancer exactly; else refused.

    eksgen renders the AWS Load Balancer Controller's NLB only, with an explicit target type.
    Any other LoadBalancer Service (the cloud provider's NLB or Classic Load Balancer,
    another controller's class, a target type left to the controller's default) would be
    rendered as something else, which replaces, deletes or creates a load balancer (or its
    target groups): an error, not a warning, so that nothing is written.
    """
    lb_type = build.take(_TYPE, service)
    value = lb_type.value if lb_type else None
    lb_class = service.spec.get("loadBalancerClass")
    refusal = _refusal(service, value, lb_class)
    if refusal is not None:
        path, message = refusal
        build.refuse(service, path, f"{message}. Not imported: {_IMPORTS}")
        return NONE
    if lb_class == NLB_CLASS:
        message = (
            f"eksgen writes aws-load-balancer-type: {_EXTERNAL} instead; a class cannot change "
            "on an existing Service, so if your manifests set it (not the controller's "
            "webhook), applying the rendered Service fails until the Service is recreated"
        )
        build.warn(service, ("spec", "loadBalancerClass"), message)
    elif value == _NLB_IP and lb_type is not None:
        message = f"deprecated: eksgen writes {_EXTERNAL} with nlb-target-type {IP}"
        build.warn(service, lb_type.path, message)
    return NLB


def _refusal(service: Object, value: str | None, lb_class: Any) -> tuple[FieldPath, str] | None:
    """(where, why) when eksgen cannot render the Service's load balancer as it is."""
    type_path: FieldPath = ("metadata", "annotations", _TYPE)
    target = service.annotations().get(_TARGET)
    if lb_class is not None and lb_class != NLB_CLASS:
        return ("spec", "loadBalancerClass"), (
            f"loadBalancerClass {lb_class!r}: a load balancer that another controller makes; "
            "eksgen renders the Service without it, which deletes it"
        )
    if lb_class == NLB_CLASS:
        if value != _NLB_IP and target is None:
            return ("spec", "loadBalancerClass"), (
                f"loadBalancerClass {NLB_CLASS} without aws-load-balancer-nlb-target-type: the "
                f"targets are {_DEFAULT_TARGET}; eksgen writes a target type, and another one "
                "replaces the NLB's target groups"
            )
        return None
    if value == _NLB_IP or (value == _EXTERNAL and target in _TARGET_TYPES):
        return None
    if value == _EXTERNAL:
        return type_path, (
            f"aws-load-balancer-type {_EXTERNAL} without aws-load-balancer-nlb-target-type "
            f"{IP} or {INSTANCE}: the AWS Load Balancer Controller does not take the Service, "
            "unless its webhook set the class when the Service was created (then the targets "
            f"are {_DEFAULT_TARGET}); eksgen renders an NLB with a target type, which creates a "
            "load balancer or replaces its target groups"
        )
    if value is None:
        return ("spec", "type"), (
            "type LoadBalancer without aws-load-balancer-type or loadBalancerClass: a Classic "
            "Load Balancer of the Kubernetes AWS cloud provider (or, if the controller's "
            f"webhook set the class when the Service was created, an NLB whose targets are "
            f"{_DEFAULT_TARGET}); eksgen renders something else, which replaces it"
        )
    return type_path, (
        f"aws-load-balancer-type {value!r}: a load balancer of the Kubernetes AWS cloud "
        "provider, not of the AWS Load Balancer Controller; eksgen renders the controller's "
        f"(type {_EXTERNAL}), which replaces it with a new load balancer and a new DNS name"
    )


def read_nlb(build: Build) -> None:
    """spec.exposure, spec.tls and spec.hosts of an app whose Service is an NLB's."""
    service = build.group.service
    assert service is not None
    build.spec["exposure"] = {"type": NLB}
    _nlb_scheme(build, service)
    _nlb_target_type(build, service)
    exposure_fields(build, SERVICE_PREFIX, SERVICE_FIELDS, lambda _: [service])
    listener_attributes(build, SERVICE_PREFIX, SERVICE_FAMILY_FIELDS, service)
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
    """The target type as the controller reads it (model_build_target_group.go, v3.5.0).

    The deprecated type nlb-ip means ip whatever the target type annotation says; with
    loadBalancerClass anything but ip means instance. nlb_kind refused the Services whose
    target type the manifest does not say.
    """
    target = build.take(_TARGET, service)
    if _nlb_ip(service):
        build.spec["exposure"]["targetType"] = IP  # what type nlb-ip means, not a default
        if target is not None and target.value != IP:
            message = (
                f"ignored by the controller: type {_NLB_IP} means {IP} targets; imported as {IP}"
            )
            build.warn(service, target.path, message, key=True)
        return
    assert target is not None
    value = IP if target.value == IP else INSTANCE
    if target.value not in _TARGET_TYPES:
        message = f"{shown(target.value)}: the controller reads anything but {IP} as {INSTANCE}"
        build.warn(service, target.path, message)
    build.put(("spec", "exposure", "targetType"), value, target.source, target.path)


def _nlb_ip(service: Object) -> bool:
    """Whether the Service has the deprecated type nlb-ip (read even when already taken)."""
    return as_text(service.annotations().get(SERVICE_PREFIX + "aws-load-balancer-type")) == "nlb-ip"


def _tls_listener_settings(build: Build, alpn: Found | None, backend: Found | None) -> None:
    """spec.tls.alpnPolicy, and backendTls from backend-protocol ssl (tcp is the default)."""
    if alpn is not None and alpn.value.strip():
        build.put(("spec", "tls", "alpnPolicy"), alpn.value.strip(), alpn.source, alpn.path)
    if backend is None:
        return
    text = backend.value.strip()
    if text == "ssl":
        build.put(("spec", "tls", "backendTls"), True, backend.source, backend.path)
    elif text != "tcp":
        message = f"{shown(text)}: the controller takes ssl or tcp here; not imported"
        build.warn(backend.source, backend.path, message)


def _nlb_tls(build: Build, service: Object) -> None:
    """spec.tls from ssl-cert, ssl-negotiation-policy and ssl-ports."""
    cert, ports, policy, alpn, backend = (
        build.take(SERVICE_PREFIX + "aws-load-balancer-" + suffix, service)
        for suffix in (
            "ssl-cert",
            "ssl-ports",
            "ssl-negotiation-policy",
            "alpn-policy",
            "backend-protocol",
        )
    )
    if cert is None:
        unused_without_certificate(build, ports, policy, alpn, backend)
        return
    tls_certificates(build, cert, policy, "aws-load-balancer-ssl-negotiation-policy")
    _tls_listener_settings(build, alpn, backend)
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
