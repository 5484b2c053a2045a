"""One lane per load balancer: DNS names -> load balancer -> listeners -> rules -> Apps.

Read from one loadBalancers[] entry of the plan's JSON model and the dnsRecords that point
at it; nothing is worked out again. An ALB's rules are its hostnames, each reaching the
Apps whose DNS record names it (the one member of a load balancer of one, whatever the
record); an NLB's rules are its listeners' ports, each reaching its one Service. An App's
Service bears the App's name. diagram.py places the nodes and edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from eksgen.plan.findings import Mark, unique_marks
from eksgen.plan.report import money, unit_price

# A lane opens by itself while the page stays short; larger ones show a count until opened.
OPEN_MEMBERS = 8
OPEN_LANES = 12
SECTIONS = ("ALBs of IngressGroups", "ALBs of one Ingress", "NLBs of one Service")


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


def usd(amount: float | None) -> str:
    """A JSON amount as the text report writes it: $16.43, or "unknown"."""
    return money(None if amount is None else Decimal(str(amount)))


def lane_of(
    index: int, lb: dict[str, Any], plan: dict[str, Any], marks: dict[str, list[Mark]], many: bool
) -> Lane:
    """The lane of the index-th load balancer; many: the page has too many to open them."""
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
    """ALB rules by host, to the Apps publishing each host's DNS name.

    A host no record names reaches the one member of a load balancer of one; a load
    balancer without hostnames has one rule for any host, to every member.
    """
    publishers = {r["hostname"]: r["apps"] for r in records}
    alone = lb["members"] if len(lb["members"]) == 1 or not lb["hostnames"] else []
    for host in lb["hostnames"] or ["any host"]:
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
