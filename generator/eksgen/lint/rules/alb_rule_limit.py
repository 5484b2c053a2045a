"""EKS205 alb-rule-limit: an ALB takes at most 100 listener rules.

The AWS Load Balancer Controller turns every host and path of an Ingress into one listener
rule (conditions: that host and that path), and eksgen gives every host every route: an
App's ALB gets hosts x routes rules (routes alone without hosts), and an IngressGroup's ALB
the sum over its members. AWS allows 100 rules per Application Load Balancer besides the
default ones ("Rules per Application Load Balancer", a quota); beyond that the controller
fails with TooManyRules and stops reconciling the ALB. With a redirect from HTTP to HTTPS
the rules sit on the HTTPS listener only, so they count once. Each rule has one host and
one path (two path values for a Prefix path), well within the limits of 3 values per
condition and 5 per rule. The check runs before rendering, so that a spec of 200 hosts and
200 routes is refused at once instead of rendered into megabytes. On the Gateway API the
controller makes a rule of each HTTPRoute match for each hostname, so a route's methods,
query strings, header regular expressions, more paths and more hosts count too.

FAIL: exposure {type: alb}, 11 hosts x 10 routes (110 rules)
PASS: exposure {type: alb}, 10 hosts x 10 routes (100 rules)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.rules._groups import RULES_PER_ALB, describe, rule_count
from eksgen.model.albs import alb_groups
from eksgen.model.app import App
from eksgen.spec.path import FieldPath

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS205"
NAME = "alb-rule-limit"
SEVERITY = Severity.ERROR
SCOPE = "all"
GUARD = True
GUARD_REASON = (
    "the controller cannot create more listener rules than the ALB quota allows and stops "
    "reconciling the ALB"
)
FIX = (
    "Give the ALB at most 100 host and path pairs: fewer hosts or routes per App, or split "
    "the Apps between IngressGroups (each group is an ALB of its own)."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_listener_rules.go"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag the member whose rules take its ALB past the limit (once per ALB).

    Members count in the controller's order (group.order, then namespace/name).
    """
    for name, group, members in alb_groups(apps):
        key = ("group", name) if group is not None else ("alb", name)
        before = 0
        for app in members:
            count = rule_count(app)
            if before <= RULES_PER_ALB < before + count:
                yield Finding(app, _flagged_field(app), _message(key, before, app), at_key=True)
            before += count


def _message(key: tuple[str, str], before: int, app: App) -> str:
    count = rule_count(app)
    pairs = f"{max(len(app.hosts), 1)} host(s) x {len(app.routes)} route(s)"
    each = "one rule per host and path"
    if count != max(len(app.hosts), 1) * len(app.routes):  # the Gateway API's matches
        pairs, each = f"{len(app.routes)} route(s)", "one rule per HTTPRoute match and hostname"
    if before:
        total = f"{before + count} listener rules ({count} from this App's {pairs}, {before} "
        total += "from the members before it)"
    else:
        total = f"{count} listener rules ({pairs}, {each})"
    alb = "this App's ALB" if key[0] == "alb" else describe(key)
    return (
        f"{alb} would get {total}; an Application Load Balancer takes at most "
        f"{RULES_PER_ALB} rules besides its default ones (AWS quota), and the controller stops "
        "reconciling it beyond"
    )


def _flagged_field(app: App) -> FieldPath:
    written = app.raw.get("spec", {})
    if "routes" in written and (len(app.routes) >= len(app.hosts) or "hosts" not in written):
        return ("spec", "routes")
    return ("spec", "hosts")
