"""EKS119 default-tags-refused: default tags the controller or AWS refuse.

The controller tags every AWS resource it makes with tags of its own, by which it finds them
again: elbv2.k8s.aws/cluster, and a stack and a resource tag (ingress.k8s.aws/stack and
ingress.k8s.aws/resource for an Ingress, service.k8s.aws/... for a Service, the gateway ones
for a Gateway). A default tag with one of those keys makes the controller refuse its
--default-tags flag and exit at start, so no load balancer is made or updated. Its own three
tags also count against AWS's limit of 50 tags per resource: with more than 47 default tags
AWS refuses every load balancer and target group the controller creates.

FAIL: loadBalancerController {defaultTags: {elbv2.k8s.aws/cluster: prod}}
PASS: loadBalancerController {defaultTags: {team: payments}}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS119"
NAME = "default-tags-refused"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "the controller exits at start over a tag key it reserves, and AWS refuses resources with "
    "more than 50 tags"
)
SCOPE = "cluster"
FIX = (
    "Rename or remove the reserved key, and keep loadBalancerController.defaultTags to at "
    "most 47 tags."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/"
    "pkg/config/controller_config.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/"
    "pkg/deploy/tracking/provider.go ; "
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-tags.html"
)

# trackingTagKeys in pkg/config/controller_config.go (v3.5.0): exact keys, not prefixes.
RESERVED_KEYS = frozenset(
    {
        "elbv2.k8s.aws/cluster",
        "elbv2.k8s.aws/resource",
        "ingress.k8s.aws/stack",
        "ingress.k8s.aws/resource",
        "service.k8s.aws/stack",
        "service.k8s.aws/resource",
        "gateway.k8s.aws.nlb/resource",
        "gateway.k8s.aws.alb/resource",
        "gateway.k8s.aws.nlb/stack",
        "gateway.k8s.aws.alb/stack",
    }
)
# pkg/deploy/tracking/provider.go ResourceTags (v3.5.0): the cluster, stack and resource tags
# on every load balancer and target group.
CONTROLLER_TAGS = 3
# Tags per resource: Elastic Load Balancing's limit (aws: tags do not count).
TAG_LIMIT = 50


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag reserved default tag keys, and more default tags than a resource can take."""
    controller = cluster.load_balancer_controller
    if controller is None:
        return
    path = ("spec", "loadBalancerController", "defaultTags")
    for key, _ in controller.default_tags:
        if key in RESERVED_KEYS:
            message = (
                f"{key!r} is a tag key the controller tracks its resources with: it refuses "
                "it in --default-tags and exits at start"
            )
            yield Finding(cluster, (*path, key), message, at_key=True)
    allowed = TAG_LIMIT - CONTROLLER_TAGS
    if len(controller.default_tags) > allowed:
        message = (
            f"{len(controller.default_tags)} default tags, but at most {allowed} fit: the "
            f"controller adds {CONTROLLER_TAGS} of its own and AWS allows {TAG_LIMIT} per "
            "load balancer or target group"
        )
        yield Finding(cluster, path, message, at_key=True)
