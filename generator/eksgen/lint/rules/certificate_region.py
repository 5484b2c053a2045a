"""EKS116 certificate-region: an ACM certificate must be in the cluster's region.

ACM certificates are regional: a load balancer can use only certificates of its own region,
and the controller creates the load balancers in the cluster's region. A certificate ARN of
another region makes the listener fail to be created (a certificate cannot be copied between
regions; request or import one in each region).

FAIL: tls {certificateArns: [arn:aws:acm:eu-west-1:...]} with a Cluster in us-east-1
PASS: tls {certificateArns: [arn:aws:acm:us-east-1:...]} with a Cluster in us-east-1
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import ALB, NLB, App
from eksgen.model.cluster import Cluster

ID = "EKS116"
NAME = "certificate-region"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller cannot create a listener with a certificate of another region"
SCOPE = "cluster"
FIX = (
    "Request or import the certificate in the cluster's region and use that ARN in "
    "tls.certificateArns."
)
SOURCE = (
    "https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/docs/guide/ingress/cert_discovery.md"
)


def certificate_region(arn: str) -> str:
    """The region field of an ACM ARN (arn:partition:acm:region:account:certificate/id)."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag certificate ARNs of another region than the cluster's."""
    setting = where(cluster, ("spec", "region"))
    for app in apps:
        if app.tls is None or app.exposure.type not in (ALB, NLB):
            continue
        for index, arn in enumerate(app.tls.certificate_arns):
            region = certificate_region(arn)
            if region != cluster.region:
                message = (
                    f"the certificate is in {region} but the cluster and its load balancers are "
                    f"in {cluster.region} ({setting}); ACM certificates are regional"
                )
                yield Finding(app, ("spec", "tls", "certificateArns", index), message)
