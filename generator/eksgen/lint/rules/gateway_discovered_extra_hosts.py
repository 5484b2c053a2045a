"""EKS095 gateway-discovered-extra-hosts: discovered certificates for a route's more hosts.

With spec.tls and no certificateArns the controller looks certificates up in ACM by host.
The Ingress controller looks up the Ingress's rule and TLS hosts, spec.hosts
(computeIngressInferredTLSCertARNs in pkg/ingress/model_build_listener.go, v3.5.0); the
Gateway controller every hostname of every route on the listener (buildCertificates in
pkg/gateway/model/model_build_listener.go), and so also the hosts a route's conditions
add, which eksgen writes as the hostnames of an HTTPRoute <app>-rule-N. Each of them then
needs an issued certificate whose name, or a wildcard one label up, matches it: else the
controller stops with "no certificate found for host" and leaves the Gateway as it was
(pkg/certs/cert_discovery.go). This is a warning.

FAIL: exposure {api: gateway}, tls {}, a route's conditions [{hosts: [deals.partner.net]}]
PASS: the same with tls.certificateArns
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS095"
NAME = "gateway-discovered-extra-hosts"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Give spec.tls.certificateArns, or make sure ACM holds an issued certificate for each of "
    "these hosts."
)
_LBC = "kubernetes-sigs/aws-load-balancer-controller"
SOURCE = f"{_LBC} pkg/gateway/model/model_build_listener.go ; {_LBC} pkg/certs/cert_discovery.go"


def check(app: App) -> Iterator[Finding]:
    """Flag the hosts conditions whose certificates the Gateway controller would look up."""
    tls = app.tls
    if not (app.uses_gateway and app.exposure.type == ALB and tls and not tls.certificate_arns):
        return
    own = {host.lower() for host in app.hosts}
    for index, route in enumerate(app.routes):
        for number, condition in enumerate(route.conditions):
            extra = [host for host in condition.values if host.lower() not in own]
            if condition.key != "hosts" or not extra:
                continue
            message = (
                f"the Gateway API also looks up certificates for {', '.join(extra)} (the "
                "Ingress only for spec.hosts): each needs an issued ACM certificate, or the "
                "controller stops reconciling the Gateway"
            )
            where = ("spec", "routes", index, "conditions", number, "hosts")
            yield Finding(app, where, message, at_key=True)
