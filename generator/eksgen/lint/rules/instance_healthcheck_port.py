"""EKS032 instance-healthcheck-port: a numeric health-check port with instance targets.

With targetType instance the targets are the nodes, and the controller passes a numeric
healthCheck.port through as it is (LBC v3.5.0): the load balancer probes that port on
every node, not on the pods. A node serves the Service on its NodePort, which
traffic-port (the default) or the port's name selects (the controller turns a name into
its NodePort); on the container's port, such as 8080, usually nothing listens on the node,
every target fails its check and the load balancer sends no traffic.
A warning, not an error: a node can answer on that port on purpose (a hostNetwork or
hostPort pod, a node-level health endpoint, a NodePort pinned by a template), which
eksgen cannot see.

FAIL: exposure {type: nlb, targetType: instance, healthCheck: {port: 8080}}
PASS: exposure {type: nlb, targetType: instance, healthCheck: {port: traffic-port}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import INSTANCE, NONE, App

ID = "EKS032"
NAME = "instance-healthcheck-port"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Set exposure.healthCheck.port to traffic-port or to the name of a spec.ports entry "
    "(the controller checks its NodePort), or use targetType ip to check the pods' port."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_target_group.go"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/service/model_build_target_group.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
    " ; https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a port number as the health-check port of instance targets."""
    exposure = app.exposure
    port = exposure.health_check.port if exposure.health_check else None
    if exposure.type == NONE or exposure.target_type != INSTANCE or not isinstance(port, int):
        return
    message = (
        f"with targetType instance the load balancer checks port {port} on each node, "
        "where usually nothing listens (a node serves the Service on its NodePort); use "
        "traffic-port or a port name"
    )
    yield Finding(app, ("spec", "exposure", "healthCheck", "port"), message)
