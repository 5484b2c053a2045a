"""EKS070 target-group-binding-named-port-instance: instance targets open numbered ports.

A networking rule of a TargetGroupBinding opens ports on the targets' security group. With
targetType instance the targets are nodes and traffic arrives at the Service's NodePort,
a number: the CRD says the port must then be numerical (a container port name means
something only on a pod), so the controller cannot write the rule.

FAIL: targetType instance with networking [{securityGroupIds: [...], ports: [{port: http}]}]
PASS: targetType ip with the same rule, or instance with ports [{port: 30080}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import INSTANCE, App

ID = "EKS070"
NAME = "target-group-binding-named-port-instance"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller cannot open a port name on the nodes' security group"
FIX = (
    "Give the port as a number (the NodePort, or leave ports out for every port), or use "
    "targetType ip if the target group registers pod IPs."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller config/crd/bases/"
    "elbv2.k8s.aws_targetgroupbindings.yaml#NetworkingPort"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a port name in a networking rule of an instance binding."""
    for b, binding in enumerate(app.target_group_bindings):
        if binding.target_type != INSTANCE:
            continue
        for r, rule in enumerate(binding.networking):
            for p, port in enumerate(rule.ports):
                if isinstance(port.port, str):
                    path = ("spec", "targetGroupBindings", b, "networking", r, "ports", p, "port")
                    message = (
                        f"{port.port!r} is a port name; instance targets are nodes, reached "
                        "at the Service's NodePort: give a number"
                    )
                    yield Finding(app, path, message)
