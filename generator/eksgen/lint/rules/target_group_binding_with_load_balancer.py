"""EKS069 target-group-binding-with-load-balancer: bindings need exposure none.

spec.targetGroupBindings attach the App's Service to target groups of a load balancer made
outside Kubernetes (by Terraform, say). With exposure alb or nlb eksgen would also ask the
AWS Load Balancer Controller for a load balancer of its own, through the same one Service:
its type (ClusterIP, NodePort or LoadBalancer) and its annotations would serve two masters,
and the pods would sit behind two load balancers that nobody planned as one. eksgen refuses
the mix: give the external load balancer's App exposure none, or split the App in two.

FAIL: exposure {type: alb} with targetGroupBindings [...]
PASS: exposure {type: none} (or no exposure) with targetGroupBindings [...]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, NLB, App

ID = "EKS069"
NAME = "target-group-binding-with-load-balancer"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove spec.exposure (or set exposure.type: none) in an App with spec.targetGroupBindings, "
    "or move the bindings to an App of their own that selects the same pods."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller"
    " docs/guide/targetgroupbinding/targetgroupbinding.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag bindings in an App that also asks for a load balancer of its own."""
    if app.target_group_bindings and app.exposure.type in (ALB, NLB):
        message = (
            f"exposure {app.exposure.type} asks for a load balancer of the App's own; "
            "spec.targetGroupBindings are for a load balancer made outside Kubernetes "
            "(use exposure none)"
        )
        yield Finding(app, ("spec", "exposure", "type"), message)
