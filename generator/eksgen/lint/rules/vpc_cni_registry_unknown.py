"""EKS120 vpc-cni-registry-unknown: no EKS add-on registry known for the cluster's region.

EKS serves the VPC CNI's images from an ECR registry in each region, under an account of its
own in the opt-in regions, GovCloud and China (whose domain is amazonaws.com.cn). eksgen
writes the aws-vpc-cni chart's image account, region and domain from its table of those
registries; for a region not in it the values keep the chart's default, the us-west-2
registry, which nodes in another partition cannot reach and nodes behind a regional ECR
endpoint only through the internet. A warning: in a commercial region with internet access
the default still pulls, and eksgen cannot tell which case it is.

FAIL: region ap-southeast-9 with vpcCni {}
PASS: region ap-southeast-1 with vpcCni {}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import facts
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS120"
NAME = "vpc-cni-registry-unknown"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = (
    "Check the region's name; for a new region, set the aws-vpc-cni chart's image, init.image "
    "and nodeAgent.image account, region and domain to its EKS registry when installing."
)
SOURCE = (
    "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html ; "
    "aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/values.yaml"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn when the VPC CNI's values must keep the chart's default registry."""
    if cluster.vpc_cni is None or facts.vpc_cni.registry(cluster.region) is not None:
        return
    message = (
        f"eksgen knows no EKS add-on registry for {cluster.region}: the aws-vpc-cni values keep "
        f"the chart's default images from {facts.vpc_cni.CHART_REGISTRY.host}"
    )
    yield Finding(cluster, ("spec", "region"), message)
