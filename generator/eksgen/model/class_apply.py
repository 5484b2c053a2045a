"""An App on a Cluster's IngressClass: the class's settings made the App's own.

Apart from eksgen.model.ingress_class, which the App model names for its type alone, so
that the two modules do not import each other.
"""

from __future__ import annotations

from dataclasses import replace

from eksgen.model.app import ALB, App, Exposure, Group, Waf
from eksgen.model.ingress_class import IngressClassSettings, find_class


def apply_class(app: App, classes: tuple[IngressClassSettings, ...]) -> App:
    """The App with the effective values of its IngressClass's settings; unchanged without one.

    A class nobody defines leaves the App as it is (EKS074 reports it when a Cluster spec is
    in the run). Maps merge with the class winning a shared key; the rest is replaced.
    """
    settings = find_class(app.exposure.ingress_class, classes)
    # An IngressClass is read for Ingresses alone: a Gateway has none (EKS068 refuses it).
    if settings is None or app.exposure.type != ALB or app.uses_gateway:
        return app
    exposure = _exposure(app, settings)
    tls = app.tls
    if tls is not None:
        tls = tls._replace(
            certificate_arns=settings.certificate_arns or tls.certificate_arns,
            policy=settings.ssl_policy or tls.policy,
        )
    return replace(app, exposure=exposure, tls=tls)


def _exposure(app: App, settings: IngressClassSettings) -> Exposure:
    exposure = app.exposure
    group = exposure.group
    if settings.group_name is not None:
        order, namespace = (group.order, group.namespace) if group else (None, None)
        group = Group(settings.group_name, order, namespace)
    waf = exposure.waf
    if settings.waf_acl_arn or settings.waf_acl_name:
        waf = Waf(acl_arn=settings.waf_acl_arn, acl_name=settings.waf_acl_name)
    return exposure._replace(
        scheme=settings.scheme or exposure.scheme,
        ip_address_type=settings.ip_address_type or exposure.ip_address_type,
        target_type=settings.target_type or exposure.target_type,
        load_balancer_name=settings.load_balancer_name or exposure.load_balancer_name,
        subnets=settings.subnets or exposure.subnets,
        source_ranges=settings.inbound_cidrs or exposure.source_ranges,
        group=group,
        waf=waf,
        load_balancer_attributes=_merged(
            exposure.load_balancer_attributes, settings.load_balancer_attributes
        ),
        tags=_merged(exposure.tags, settings.tags),
        class_settings=settings,
    )


def _merged(
    own: tuple[tuple[str, str], ...], from_class: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """The controller's merge of an Ingress' map with its class's: the class wins a key."""
    return tuple(sorted((dict(own) | dict(from_class)).items()))
