"""EKS051 nlb-static-addresses: an NLB's static addresses must match its subnets and scheme.

exposure.eipAllocations (Elastic IPs, internet-facing NLBs only) and
exposure.privateIpv4Addresses (internal NLBs only) give the NLB one address per subnet, in
the order of exposure.subnets. The AWS Load Balancer Controller pairs them with the subnets
it resolves, and refuses the Service when the counts differ or the scheme does not fit
("count of EIP allocations (1) and subnets (2) must match", "EIP allocations can only be set
for internet facing load balancers"), so no load balancer is made. Without exposure.subnets
the controller discovers the subnets itself, and how many it finds is not in the spec: the
subnets must be named.

FAIL: exposure {type: nlb, scheme: internet-facing, eipAllocations: [eipalloc-0a...]}
PASS: the same with subnets: [subnet-0a...]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, App

ID = "EKS051"
NAME = "nlb-static-addresses"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller refuses the Service and makes no load balancer"
FIX = (
    "Name the NLB's subnets in exposure.subnets and give one address per subnet, in the same "
    "order; Elastic IPs for an internet-facing NLB, private addresses for an internal one."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
    " ; https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/service/model_build_load_balancer.go#L330-L357"
)

# Field -> (its words, the scheme it needs).
_FIELDS = {
    "eipAllocations": ("Elastic IP allocations", "internet-facing"),
    "privateIpv4Addresses": ("private IPv4 addresses", "internal"),
}


def check(app: App) -> Iterator[Finding]:
    """Flag static addresses whose count or scheme does not fit the NLB."""
    exposure = app.exposure
    if exposure.type != NLB:
        return
    given = {
        "eipAllocations": exposure.eip_allocations,
        "privateIpv4Addresses": exposure.private_ipv4_addresses,
    }
    for field, addresses in given.items():
        if not addresses:
            continue
        words, scheme = _FIELDS[field]
        path = ("spec", "exposure", field)
        if exposure.scheme != scheme:
            message = f"{words} are for an {scheme} NLB; this one is {exposure.scheme}"
            yield Finding(app, path, message, at_key=True)
        elif not exposure.subnets:
            message = (
                f"{words} pair with exposure.subnets, one per subnet: name the subnets (the "
                "controller would discover them, in a number the spec does not know)"
            )
            yield Finding(app, path, message, at_key=True)
        elif len(addresses) != len(exposure.subnets):
            message = (
                f"{len(addresses)} {words} for {len(exposure.subnets)} subnets: the controller "
                "needs one per subnet"
            )
            yield Finding(app, path, message, at_key=True)
