"""EKS101 db-access-needs-pod-security-groups: dbAccess needs vpcCni.podSecurityGroups.

A SecurityGroupPolicy only takes effect when the VPC CNI runs with ENABLE_POD_ENI=true;
otherwise pods start with the node's security groups and the database stays unreachable
(or reachable by every pod on the node, whichever the groups allow).

FAIL: an App with dbAccess rendered with a Cluster whose vpcCni lacks podSecurityGroups: true
PASS: the same Cluster with vpcCni {podSecurityGroups: true}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS101"
NAME = "db-access-needs-pod-security-groups"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Set spec.vpcCni.podSecurityGroups: true in the Cluster spec, or remove spec.dbAccess "
    "from the app."
)
SOURCE = (
    "https://docs.aws.amazon.com/eks/latest/userguide/security-groups-pods-deployment.html"
    " ; aws/amazon-vpc-cni-k8s README.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag each app with dbAccess when the cluster's CNI has pod security groups off."""
    if cluster.vpc_cni is not None and cluster.vpc_cni.pod_security_groups:
        return
    setting = where(cluster, ("spec", "vpcCni"))
    for app in apps:
        if app.db_access is not None:
            message = (
                f"needs vpcCni.podSecurityGroups: true in the cluster spec ({setting}); "
                "without ENABLE_POD_ENI the SecurityGroupPolicy has no effect"
            )
            yield Finding(app, ("spec", "dbAccess"), message, at_key=True)
