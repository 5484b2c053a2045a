"""EKS071 target-group-binding-without-networking: nothing lets the load balancer in.

Without spec.networking, the AWS Load Balancer Controller registers targets but adds no
inbound rule for the load balancer to the nodes' (instance) or pods' (ip) security group.
Unless that rule is made by other means (the Terraform that made the load balancer, say),
health checks fail and no traffic arrives. A warning: name the load balancer's security
group (or its subnets' CIDR blocks) in networking, or ignore the rule when the security
groups are managed elsewhere.

FAIL: targetGroupBindings [{targetGroupArn: ..., targetType: ip}]
PASS: the same with networking [{securityGroupIds: [sg-0123456789abcdef0]}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS071"
NAME = "target-group-binding-without-networking"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Add networking: [{securityGroupIds: [<the load balancer's security group>]}] (or "
    "cidrBlocks for an NLB without one), or add eksgen.dev/ignore: EKS071 when the rule "
    "is made outside Kubernetes."
)
SOURCE = "kubernetes-sigs/aws-load-balancer-controller docs/guide/targetgroupbinding/spec.md"


def check(app: App) -> Iterator[Finding]:
    """Flag every binding without networking rules."""
    for b, binding in enumerate(app.target_group_bindings):
        if not binding.networking:
            message = (
                f"no networking rules: the controller lets no traffic from the load balancer "
                f"of target group {binding.target_group_name!r} into the "
                f"{'pods' if binding.target_type == 'ip' else 'nodes'}' security group"
            )
            yield Finding(app, ("spec", "targetGroupBindings", b), message)
