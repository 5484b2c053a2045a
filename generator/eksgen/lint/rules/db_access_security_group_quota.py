"""EKS046 db-access-security-group-quota: more than 5 groups need a raised VPC quota.

A pod selected by a SecurityGroupPolicy gets a branch network interface with the policy's
security groups, and a network interface takes at most as many groups as the VPC quota
"Security groups per network interface" allows: 5 unless raised, at most 16. Past the
quota the interface cannot be created and the pods do not start. The quota is adjustable
per account and region and eksgen cannot see it, so past 5 this is a warning, not a schema
limit (the SecurityGroupPolicy CRD has no maximum either since amazon-vpc-resource-
controller-k8s PR #583; clusters with an older CRD refuse more than 5 IDs). Past 16 no
quota increase helps: the schema refuses it.

FAIL: dbAccess {securityGroupIds: [six security group IDs]}
PASS: dbAccess {securityGroupIds: [five security group IDs]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS046"
NAME = "db-access-security-group-quota"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Keep dbAccess.securityGroupIds at 5 or fewer (merge rules into fewer groups), or raise "
    "the VPC quota 'Security groups per network interface' (at most 16) in the cluster's "
    "account and region first."
)
SOURCE = (
    "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html ; "
    "aws/amazon-vpc-resource-controller-k8s "
    "config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml"
)

# Amazon VPC quotas, security groups: "Security groups per network interface", default 5,
# adjustable up to 16.
QUOTA_DEFAULT = 5
QUOTA_MAXIMUM = 16


def check(app: App) -> Iterator[Finding]:
    """Flag a dbAccess with more security groups than the quota's default."""
    if app.db_access is None:
        return
    count = len(app.db_access.security_group_ids)
    if count <= QUOTA_DEFAULT:
        return
    # More than QUOTA_MAXIMUM is refused by the schema: no quota increase allows it.
    quota = "the VPC quota 'Security groups per network interface'"
    message = (
        f"{count} security groups for one pod, more than the default {QUOTA_DEFAULT} of "
        f"{quota}: unless the quota has been raised (up to {QUOTA_MAXIMUM}) in this "
        "account and region, the pods' network interface cannot be created and the pods "
        "do not start"
    )
    yield Finding(app, ("spec", "dbAccess", "securityGroupIds"), message, at_key=True)
