"""EKS202 ingress-group-order-tie: IngressGroup settings that work but deserve a look.

Members giving the same group.order have their rules ordered by namespace/name, so which
one wins a contested path depends on their names. Source ranges given by some members of a
shared listener apply to the whole listener, so the members without ranges become reachable
only from them too. These are the warning-level conflicts of eksgen plan, reported at the
later member's field. A warning: the group is reconciled and serves traffic. Members on the
Gateway API share one Gateway: the message names it, and the Gateway API's precedence
(which has no group.order) and the LoadBalancerConfiguration's source ranges instead.

FAIL: two Apps in group shop, both with group.order 10
PASS: group.order 10 and 20
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.rules._groups import findings, group_findings
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS202"
NAME = "ingress-group-order-tie"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "all"
FIX = (
    "Give each member its own group.order, and give every member sharing a listener the same "
    "sourceRanges."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/group_loader.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/model_build_listener.go"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Report each warning-level IngressGroup conflict at the later member's field."""
    # The message names the first member's file:line, as where() gives it (EKS201's helper).
    yield from findings(group_findings(apps, Severity.WARNING))
