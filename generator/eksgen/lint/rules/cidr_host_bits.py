"""EKS015 cidr-host-bits: a source range must be a network address with its prefix.

203.0.113.7/24 has host bits set. AWS silently canonicalises it to 203.0.113.0/24, so the
security group opens to the whole /24 when one host was usually meant, and the load
balancer controller's IngressClassParams webhook rejects such ranges. Write the network
address (203.0.113.0/24) or a /32.

FAIL: sourceRanges [203.0.113.7/24]
PASS: sourceRanges [203.0.113.0/24]
"""

import ipaddress
from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS015"
NAME = "cidr-host-bits"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "the API server or the controller refuses a source range that is no CIDR block, and "
    "one with host bits opens more than it says"
)
FIX = (
    "Write the network address with its prefix in exposure.sourceRanges (203.0.113.0/24), "
    "or a /32 (203.0.113.7/32) to allow a single host."
)
SOURCE = (
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRuleRequest.html"
    " ; kubernetes-sigs/aws-load-balancer-controller webhooks/elbv2/ingressclassparams_validator.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag source ranges that are not valid network CIDRs."""
    for index, cidr in enumerate(app.exposure.source_ranges):
        path = ("spec", "exposure", "sourceRanges", index)
        try:
            network = ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            yield Finding(app, path, f"{cidr!r} is not a valid CIDR block")
            continue
        if ipaddress.ip_interface(cidr).ip != network.network_address:
            yield Finding(app, path, f"{cidr!r} has host bits set; did you mean {str(network)!r}?")
