"""EKS210 target-group-bound-twice: one TargetGroupBinding per target group.

The controller's validating webhook refuses a TargetGroupBinding whose target group ARN
another binding in the cluster already uses (unless every one of them opts into
multiClusterTargetGroup, which eksgen does not write): two bindings would each deregister
the other's targets. Across every App of the run, each target group is bound once. Two
bindings of one App to target groups that share a name (in other accounts or regions)
would also get the same object name.

FAIL: apps/a.yaml and apps/b.yaml both bind targetgroup/web-tg/0123456789abcdef
PASS: each binds a target group of its own
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

ID = "EKS210"
NAME = "target-group-bound-twice"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller's webhook refuses a second binding of one target group"
SCOPE = "all"
FIX = (
    "Bind each target group once: remove one of the two entries, or give one of them the "
    "ARN of another target group."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller"
    " webhooks/elbv2/targetgroupbinding_validator.go#checkExistingTargetGroups"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag every binding after the first of a target group (or of an object name)."""
    arns: dict[str, tuple[App, int]] = {}
    names: dict[tuple[str, str], tuple[App, int]] = {}
    for app in apps:
        for b, binding in enumerate(app.target_group_bindings):
            path = ("spec", "targetGroupBindings", b, "targetGroupArn")
            name = (app.namespace, f"{app.name}-{binding.target_group_name.lower()}")
            first = arns.get(binding.target_group_arn) or names.get(name)
            if first is not None:
                other = where(first[0], ("spec", "targetGroupBindings", first[1], "targetGroupArn"))
                message = (
                    f"target group {binding.target_group_name!r} is also bound at {other}"
                    if binding.target_group_arn in arns
                    else f"the TargetGroupBinding {name[0]}/{name[1]} is also made at {other}"
                )
                yield Finding(app, path, message)
            arns.setdefault(binding.target_group_arn, (app, b))
            names.setdefault(name, (app, b))
