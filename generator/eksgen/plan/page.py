"""What the HTML plan shows, read from the plan's JSON model (plan_dict) alone.

The page is a view of the same data as ``eksgen plan --output json``: the load balancers,
listeners, DNS records, conflicts, costs and node groups are taken from plan_dict as they
are, never worked out again here. This module only arranges them: one lane per load
balancer (DNS names -> load balancer -> listeners -> rules -> Services and apps), the
findings with FILE:LINE and the marks that point at them, and the totals of the summary
strip. The rule findings of the checks (the ones the conflicts do not already report) come
in as the lint report's JSON form. diagram.py places the lanes in SVG; the template draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from eksgen.plan.report import money, unit_price

# A lane opens by itself while the page stays short; larger ones show a count until opened.
OPEN_MEMBERS = 8
OPEN_LANES = 12
OPEN_FINDINGS = 25
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Mark:
    """A finding shown on a node: its severity and the entry of the findings list."""

    severity: str
    anchor: str
    text: str


@dataclass(frozen=True)
class Node:
    """One box of a lane: a bold label, detail lines, the full text as its title."""

    key: str
    column: int
    kind: str
    label: str
    details: tuple[str, ...] = ()
    title: str = ""
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Edge:
    """A line from one node to another, with what it means as its title."""

    source: str
    target: str
    title: str
    dashed: bool = False


@dataclass(frozen=True)
class Finding:
    """One entry of the findings list: where (FILE:LINE), what, and what it concerns."""

    anchor: str
    severity: str
    places: tuple[str, ...]
    message: str
    subject: str


@dataclass
class Lane:
    """One load balancer and everything that reaches it or that it reaches."""

    anchor: str
    kind: str
    name: str
    summary: str
    cost: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    marks: tuple[Mark, ...] = ()
    open: bool = True
    section: str = ""
    apps: int = 0


@dataclass(frozen=True)
class Page:
    """Everything the template needs, drawn from one plan_dict."""

    region: str
    region_source: str
    totals: tuple[tuple[str, str, str], ...]  # (figure, label, css class)
    lanes: tuple[Lane, ...]
    findings: tuple[Finding, ...]
    node_groups: tuple[dict[str, Any], ...]
    notes: tuple[str, ...]
    prices: dict[str, Any]
    # node group index -> its marks; (node group index, subnet index) -> the subnet's
    group_marks: dict[int, tuple[Mark, ...]] = field(default_factory=dict)
    subnet_marks: dict[tuple[int, int], tuple[Mark, ...]] = field(default_factory=dict)

    @property
    def sections(self) -> list[tuple[str, list[Lane]]]:
        """The lanes by section (IngressGroups, ALBs alone, NLBs), in that order."""
        found: dict[str, list[Lane]] = {name: [] for name in SECTIONS}
        for lane in self.lanes:
            found[lane.section].append(lane)
        return [(name, lanes) for name, lanes in found.items() if lanes]


SECTIONS = ("ALBs of IngressGroups", "ALBs of one Ingress", "NLBs of one Service")


def build_page(
    plan: dict[str, Any],
    problems: Sequence[dict[str, Any]],
    sources: dict[str, str],
    cluster_file: str | None = None,
) -> Page:
    """The page of a plan.

    plan: plan_dict's output. problems: rule findings as the lint JSON report gives them.
    sources: app (namespace/name) -> the spec file it came from, to mark rule findings on
    the apps they are about. cluster_file: the Cluster spec's file, whose findings about a
    node group (spec.nodeGroups[N]...) are marked on its panel.
    """
    findings = _findings(plan["conflicts"], problems)
    marks = _marks(plan["conflicts"], problems, findings, sources)
    cluster = [
        (problem, finding)
        for problem, finding in zip(problems, findings[len(plan["conflicts"]) :], strict=True)
        if cluster_file is not None and problem["file"] == cluster_file
    ]
    many = len(plan["loadBalancers"]) > OPEN_LANES
    lanes = tuple(
        _lane(index, lb, plan, marks, many) for index, lb in enumerate(plan["loadBalancers"])
    )
    return Page(
        region=plan["region"],
        region_source=plan["regionSource"],
        totals=_totals(plan, problems),
        lanes=lanes,
        findings=findings,
        node_groups=tuple(plan["nodeGroups"]),
        notes=tuple(plan["notes"]),
        prices=plan["cost"]["prices"],
        group_marks=_node_group_marks(cluster, subnets=False),
        subnet_marks=_node_group_marks(cluster, subnets=True),
    )


def usd(amount: float | None) -> str:
    """A JSON amount as the text report writes it: $16.43, or "unknown"."""
    return money(None if amount is None else Decimal(str(amount)))


# ---- the summary strip -----------------------------------------------------------------


def _totals(plan: dict[str, Any], problems: Sequence[dict[str, Any]]) -> tuple[Any, ...]:
    cost = plan["cost"]
    counted = {level: sum(p["severity"] == level for p in problems) for level in SEVERITIES}
    errors = plan["errorCount"] + counted["error"]
    warnings = plan["warningCount"] + counted["warning"]
    saving = cost["savingMonthlyUsd"]
    return (
        (str(cost["loadBalancerCount"]), "load balancers", "total"),
        (usd(cost["monthlyUsd"]), "a month, base charges", "total"),
        (usd(saving), "a month saved by IngressGroups", "total"),
        (str(len(plan["dnsRecords"])), "DNS names", "total"),
        (str(errors), "errors", "total error" if errors else "total"),
        (str(warnings), "warnings", "total warning" if warnings else "total"),
        (str(counted["info"]), "infos", "total"),
    )


# ---- findings and the marks that point at them -------------------------------------------


def _findings(
    conflicts: Sequence[dict[str, Any]], problems: Sequence[dict[str, Any]]
) -> tuple[Finding, ...]:
    """Conflicts first (as the plan sorts them), then the rule findings by file and line."""
    found = [
        Finding(
            anchor=f"finding-{index + 1}",
            severity=conflict["severity"],
            places=tuple(
                f"{m['file']}:{m['line']}:{m['column']}: {m['app']}: {m['field']}: {m['value']}"
                for m in conflict["members"]
            ),
            message=conflict["message"],
            subject=f"IngressGroup {conflict['group']}: {conflict['setting']}",
        )
        for index, conflict in enumerate(conflicts)
    ]
    for problem in problems:
        rule = f" ({problem['rule']})" if problem["rule"] else ""
        found.append(
            Finding(
                anchor=f"finding-{len(found) + 1}",
                severity=problem["severity"],
                places=(f"{problem['file']}:{problem['line']}:{problem['column']}",),
                message=problem["message"] + rule,
                subject=problem["path"],
            )
        )
    return tuple(found)


def _marks(
    conflicts: Sequence[dict[str, Any]],
    problems: Sequence[dict[str, Any]],
    findings: Sequence[Finding],
    sources: dict[str, str],
) -> dict[str, list[Mark]]:
    """Node key -> its marks: a conflict on its group and its apps, a finding on its app."""
    marks: dict[str, list[Mark]] = {}
    for conflict, finding in zip(conflicts, findings, strict=False):
        mark = Mark(finding.severity, finding.anchor, f"{finding.subject}: {finding.message}")
        marks.setdefault(f"group:{conflict['group']}", []).append(mark)
        for member in unique(m["app"] for m in conflict["members"]):
            marks.setdefault(f"app:{member}", []).append(mark)
    by_file: dict[str, list[str]] = {}
    for app, file in sources.items():
        by_file.setdefault(file, []).append(app)
    for problem, finding in zip(problems, findings[len(conflicts) :], strict=True):
        mark = Mark(finding.severity, finding.anchor, f"{finding.subject}: {finding.message}")
        for app in by_file.get(problem["file"], ()):
            marks.setdefault(f"app:{app}", []).append(mark)
    return marks


_NODE_GROUP_PATH = re.compile(r"spec\.nodeGroups\[(\d+)\](?:\.subnetCidrs\[(\d+)\])?")


def _node_group_marks(
    cluster: Sequence[tuple[dict[str, Any], Finding]], subnets: bool
) -> dict[Any, tuple[Mark, ...]]:
    """Marks of the Cluster spec's findings about a node group, or about one of its subnets.

    The plan lists the node groups of the Cluster spec in its order, so index N of the
    finding's path spec.nodeGroups[N] is the panel's.
    """
    found: dict[Any, list[Mark]] = {}
    for problem, finding in cluster:
        matched = _NODE_GROUP_PATH.match(problem["path"])
        if matched is None:
            continue
        group, subnet = matched.groups()
        mark = Mark(finding.severity, finding.anchor, f"{finding.subject}: {finding.message}")
        if subnets and subnet is not None:
            found.setdefault((int(group), int(subnet)), []).append(mark)
        elif not subnets:
            found.setdefault(int(group), []).append(mark)
    return {key: tuple(marks) for key, marks in found.items()}


def unique(values: Iterable[str]) -> list[str]:
    """The values in order, without repeats."""
    return list(dict.fromkeys(values))


# ---- one lane per load balancer ------------------------------------------------------------


def _lane(
    index: int, lb: dict[str, Any], plan: dict[str, Any], marks: dict[str, list[Mark]], many: bool
) -> Lane:
    records = [
        r
        for r in plan["dnsRecords"]
        if r["loadBalancer"] == lb["name"] and r["loadBalancerKind"] == lb["kind"]
    ]
    lb_marks = tuple(marks.get(f"group:{lb['group']}", ())) if lb["group"] else ()
    app_marks = tuple(mark for member in lb["members"] for mark in marks.get(f"app:{member}", ()))
    lane = Lane(
        anchor=f"lb-{index + 1}",
        kind=lb["kind"],
        name=lb["name"],
        summary=_lane_summary(lb, records),
        cost=_lb_cost(lb, plan["cost"]["unpriced"]),
        marks=tuple(unique_marks(lb_marks + app_marks)),
        open=not many and len(lb["members"]) <= OPEN_MEMBERS,
        section=SECTIONS[0] if lb["group"] else SECTIONS[1 if lb["kind"] == "alb" else 2],
        apps=len(lb["members"]),
    )
    lane.nodes.append(_lb_node(lb, lane.cost, lb_marks))
    _dns_nodes(lane, records)
    _listener_nodes(lane, lb)
    if lb["kind"] == "nlb":
        _port_rules(lane, lb, marks)
    else:
        _host_rules(lane, lb, records, marks)
    return lane


def unique_marks(marks: Iterable[Mark]) -> list[Mark]:
    """Marks in order, one per finding."""
    seen: dict[str, Mark] = {}
    for mark in marks:
        seen.setdefault(mark.anchor, mark)
    return list(seen.values())


def _lane_summary(lb: dict[str, Any], records: Sequence[dict[str, Any]]) -> str:
    members = len(lb["members"])
    parts = [
        lb["scheme"],
        f"IngressGroup {lb['group']}" if lb["group"] else _alone(lb),
        _count(len(lb["listeners"]), "listener"),
        _count(len(lb["hostnames"]), "hostname"),
        _count(len(records), "DNS name"),
        _count(members, "app"),
    ]
    return " · ".join(parts)


def _alone(lb: dict[str, Any]) -> str:
    return "one Ingress" if lb["kind"] == "alb" else "one Service"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _lb_cost(lb: dict[str, Any], unpriced: Sequence[str]) -> str:
    """The base charge a month, or "unknown" with the reason (as the text report says it)."""
    if lb["monthlyUsd"] is None:
        reason = f"no {lb['kind']} price for {lb['region']}" if lb["kind"] in unpriced else ""
        return f"cost unknown ({reason or 'no price in the table'})"
    return f"{usd(lb['monthlyUsd'])} a month"


def _lb_node(lb: dict[str, Any], cost: str, marks: tuple[Mark, ...]) -> Node:
    usage = ""
    if lb["usageUsd"] is not None:
        usage = f"+ {unit_price(Decimal(str(lb['usageUsd'])))} per {lb['usageUnit']}"
    details = [
        lb["scheme"],
        f"IngressGroup {lb['group']}" if lb["group"] else _alone(lb),
        cost,
        usage,
    ]
    if lb["loadBalancerName"]:
        details.append(f"AWS name {lb['loadBalancerName']}")
    members = ", ".join(lb["members"])
    return Node(
        key="lb",
        column=1,
        kind=lb["kind"],
        label=f"{lb['kind'].upper()} {lb['name']}",
        details=tuple(detail for detail in details if detail),
        title=f"{lb['kind'].upper()} {lb['name']}: {lb['scheme']}; {cost}; members {members}",
        marks=marks,
    )


def _dns_nodes(lane: Lane, records: Sequence[dict[str, Any]]) -> None:
    for record in records:
        key = f"dns:{record['hostname']}"
        types = " + ".join(record["recordTypes"])
        notes = "; ".join(record["notes"])
        lane.nodes.append(
            Node(
                key=key,
                column=0,
                kind="dns",
                label=record["hostname"],
                details=(f"ALIAS {types}", *(("note: " + notes,) if notes else ())),
                title=(
                    f"{record['hostname']}: ALIAS {types} to {lane.kind.upper()} {lane.name}; "
                    f"TXT {', '.join(record['txtRecords'])}" + (f"; {notes}" if notes else "")
                ),
            )
        )
        lane.edges.append(Edge(key, "lb", f"{record['hostname']} aliases {lane.name}"))


def _listener_nodes(lane: Lane, lb: dict[str, Any]) -> None:
    for listener in lb["listeners"]:
        key = f"listener:{listener['port']}"
        name = f"{listener['protocol']}:{listener['port']}"
        details = []
        if listener["redirectToPort"] is not None:
            details.append(f"redirect to HTTPS:{listener['redirectToPort']}")
        if listener["protocol"] in ("HTTPS", "TLS") and lb["defaultCertificate"]:
            more = len(lb["certificates"]) - 1
            certificate = _short_arn(lb["defaultCertificate"])
            details.append(f"cert {certificate}" + (f" +{more} SNI" if more else ""))
        if listener["sslPolicy"]:
            details.append(listener["sslPolicy"])
        if listener["note"]:
            details.append(f"note: {listener['note']}")
        title = "; ".join([name, *details, *(f"certificate {c}" for c in lb["certificates"])])
        lane.nodes.append(Node(key, 2, "listener", name, tuple(details), title))
        lane.edges.append(Edge("lb", key, f"{lane.name} listens on {name}"))
        if listener["redirectToPort"] is not None:
            target = f"listener:{listener['redirectToPort']}"
            lane.edges.append(Edge(key, target, f"{name} redirects to HTTPS", dashed=True))


def _short_arn(arn: str) -> str:
    """The part of an ACM ARN that tells certificates apart: certificate/ID."""
    return arn.rsplit(":", 1)[-1]


def _forwarding(lb: dict[str, Any]) -> list[dict[str, Any]]:
    """The listeners that forward to the rules (an HTTP listener that redirects does not)."""
    return [item for item in lb["listeners"] if item["redirectToPort"] is None]


def _host_rules(
    lane: Lane, lb: dict[str, Any], records: Sequence[dict[str, Any]], marks: dict[str, Any]
) -> None:
    """ALB rules by host, to the apps publishing each host (one member: that member)."""
    publishers = {r["hostname"]: r["apps"] for r in records}
    alone = lb["members"] if len(lb["members"]) == 1 else []
    hosts = lb["hostnames"] or ["any host"]
    for host in hosts:
        key = f"rule:{host}"
        label = host if lb["hostnames"] else "any host"
        lane.nodes.append(Node(key, 3, "rule", label, ("host rule",), f"rule: host {label}"))
        for listener in _forwarding(lb):
            source = f"listener:{listener['port']}"
            lane.edges.append(Edge(source, key, f"{listener['protocol']}:{listener['port']}"))
        for app in publishers.get(host, alone):
            lane.edges.append(Edge(key, f"app:{app}", f"host {label} to {app}"))
    reached = {edge.target for edge in lane.edges}
    for member in lb["members"]:
        _app_node(lane, member, marks, routed=f"app:{member}" in reached)


def _port_rules(lane: Lane, lb: dict[str, Any], marks: dict[str, Any]) -> None:
    """NLB: each listener forwards its port to the one Service."""
    (member,) = lb["members"]
    for listener in lb["listeners"]:
        key = f"rule:{listener['port']}"
        label = f"port {listener['port']}"
        title = f"rule: {listener['protocol']} port {listener['port']} to {member}"
        lane.nodes.append(Node(key, 3, "rule", label, ("L4 forward",), title))
        lane.edges.append(Edge(f"listener:{listener['port']}", key, title))
        lane.edges.append(Edge(key, f"app:{member}", f"port {listener['port']} to {member}"))
    _app_node(lane, member, marks, routed=True)


def _app_node(lane: Lane, member: str, marks: dict[str, Any], routed: bool) -> None:
    """The Service of an App (named after it), and the App."""
    name = member.split("/", 1)[-1]
    details = [f"Service {name}"]
    if not routed:
        details.append("no DNS record")
    key = f"app:{member}"
    found = tuple(marks.get(key, ()))
    title = f"app {member}, Service {name}" + "".join(f"; {m.text}" for m in found)
    lane.nodes.append(Node(key, 4, "app", member, tuple(details), title, found))
