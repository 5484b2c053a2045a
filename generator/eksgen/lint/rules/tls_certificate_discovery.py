"""EKS080 tls-certificate-discovery: TLS without certificateArns needs an ALB with hosts.

spec.tls may leave out certificateArns on an ALB: with an HTTPS listener and no
certificate-arn, the AWS Load Balancer Controller looks the Ingress's rule hosts (and its
spec.tls hosts) up in ACM and attaches a certificate for each
(computeIngressInferredTLSCertARNs in pkg/ingress/model_build_listener.go, v3.5.0); the
Gateway API does the same with the HTTPRoutes' hostnames (buildCertificates in
pkg/gateway/model/model_build_listener.go, v3.5.0). eksgen's rule hosts and route
hostnames are spec.hosts (and on the Gateway API the hosts routes' conditions add:
EKS095). Without hosts there is nothing to look up: the Ingress API
builds an HTTPS listener without a certificate, which AWS refuses, and the Gateway API
stops with "No hostnames found for TLS cert discovery". An NLB Service has no discovery at
all (its TLS listeners take aws-load-balancer-ssl-cert alone), and eksgen's TLS listeners
on the Gateway API carry no hostname to discover by. Every host needs an issued
certificate whose name, or a wildcard one label up (*.example.com), matches it, or the
controller stops with "no certificate found for host" (pkg/certs/cert_discovery.go).

FAIL: exposure {type: alb}, tls {} and no spec.hosts
PASS: exposure {type: alb}, tls {}, hosts [shop.example.com]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, NLB, App

ID = "EKS080"
NAME = "tls-certificate-discovery"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the load balancer's TLS listener would have no certificate, which AWS refuses"
FIX = (
    "Give spec.tls.certificateArns, or, on an ALB, spec.hosts for the controller to find "
    "certificates by."
)
_LBC = "kubernetes-sigs/aws-load-balancer-controller"
SOURCE = (
    f"{_LBC} docs/guide/ingress/cert_discovery.md ; {_LBC} pkg/ingress/model_build_listener.go"
    f" ; {_LBC} pkg/gateway/model/model_build_listener.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag TLS without certificates where the controller cannot discover any."""
    tls, kind = app.tls, app.exposure.type
    if tls is None or tls.certificate_arns or kind not in (ALB, NLB):
        return
    if kind == NLB:
        where = "on the Gateway API" if app.uses_gateway else "of a Service"
        message = (
            f"has no certificateArns, and an NLB {where} discovers none: its TLS listeners "
            "need the certificates given"
        )
    elif not app.hosts:
        message = (
            "has no certificateArns and the App has no spec.hosts: the controller discovers "
            "an ALB's certificates by host, and finds none to look up"
        )
    else:
        return
    yield Finding(app, ("spec", "tls"), message, at_key=True)
