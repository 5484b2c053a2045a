"""One lane per load balancer: DNS names -> load balancer -> listeners -> rules -> Apps.

Read from one loadBalancers[] entry of the plan's JSON model and the dnsRecords that point
at it; nothing is worked out again. The rules are the entry's rules: an ALB's by host and
path, in the order the listener evaluates them, each fed by the listeners that carry it;
an NLB's by listener port. Each reaches its App's Service port. diagram.py places the
nodes and edges.
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
        _port_rules(lane, lb, records, marks)
    else:
        _alb_rules(lane, lb, records, marks)
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
        _count(len(lb["rules"]), "rule"),
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
    if lb["ipAddressType"] != "ipv4":
        details.append(lb["ipAddressType"])
    if lb["waf"]:
        details.append(_waf_text(lb["waf"]))
    if lb["shieldAdvanced"] is not None:
        details.append("Shield Advanced " + ("on" if lb["shieldAdvanced"] else "off"))
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


def _waf_text(waf: dict[str, Any]) -> str:
    """The web ACL as the box shows it: its name, the name in its ARN, or detached."""
    if "aclName" in waf:
        return f"WAF {waf['aclName']}"
    if "aclArn" in waf:
        return "WAF " + str(waf["aclArn"]).split("/")[-2]
    return "WAF detached"


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


def _alb_rules(
    lane: Lane, lb: dict[str, Any], records: Sequence[dict[str, Any]], marks: dict[str, Any]
) -> None:
    """ALB: a box per rule (host and path), top to bottom in the order they are evaluated.

    Each rule is fed by the listeners that carry it and reaches its App's Service port.
    """
    protocols = {item["port"]: item["protocol"] for item in lb["listeners"]}
    for index, rule in enumerate(lb["rules"]):
        key = f"rule:{index}"
        host = rule["host"] or "any host"
        on = ", ".join(f"{protocols[port]}:{port}" for port in rule["listenerPorts"])
        details = [f"{rule['path']} ({rule['pathType']})", _outcome(rule)]
        details += rule["conditions"]
        if not on:
            details.append("on no listener: HTTP redirects")
        if rule["auth"]:
            details.append(f"sign-in first ({rule['auth']})")
        title = (
            f"rule {index + 1}: host {host}, path {rule['path']} ({rule['pathType']}) "
            f"on {on or 'no listener'}, {_outcome(rule)}"
        )
        lane.nodes.append(Node(key, 3, "rule", host, tuple(details), title))
        for port in rule["listenerPorts"]:
            lane.edges.append(Edge(f"listener:{port}", key, f"{protocols[port]}:{port}"))
        if rule["port"] is not None:
            reaches = _reaches(rule, f"{host}{rule['path']}")
            lane.edges.append(Edge(key, f"app:{rule['app']}", reaches))
    _app_nodes(lane, lb, records, marks)


def _port_rules(
    lane: Lane, lb: dict[str, Any], records: Sequence[dict[str, Any]], marks: dict[str, Any]
) -> None:
    """NLB: each listener forwards its port to a port of the one Service."""
    for rule in lb["rules"]:
        key = f"rule:{rule['port']}"
        label = f"port {rule['port']}"
        details = (f"{rule['protocol']} forward", f"to target port {rule['targetPort']}")
        title = f"rule: {rule['protocol']} port {rule['port']} to {rule['app']}"
        lane.nodes.append(Node(key, 3, "rule", label, details, title))
        lane.edges.append(Edge(f"listener:{rule['port']}", key, title))
        lane.edges.append(Edge(key, f"app:{rule['app']}", _reaches(rule, label)))
    _app_nodes(lane, lb, records, marks)


def _outcome(rule: dict[str, Any]) -> str:
    """What an ALB rule does: its action's summary, else the Service port it reaches."""
    action = rule.get("action")
    if action is not None:
        return f"{action['name']}: {action['summary']}"
    return (
        f"to Service {rule['service']} port {rule['port']} "
        f"(target port {rule['targetPort']}) of {rule['app']}"
    )


def _reaches(rule: dict[str, Any], what: str) -> str:
    return (
        f"{what} to Service {rule['service']} port {rule['port']} "
        f"(target port {rule['targetPort']}) of {rule['app']}"
    )


def _app_nodes(
    lane: Lane, lb: dict[str, Any], records: Sequence[dict[str, Any]], marks: dict[str, Any]
) -> None:
    """A box per member: the App and the Service its rules reach."""
    published = {app for record in records for app in record["apps"]}
    for member in lb["members"]:
        rules = [rule for rule in lb["rules"] if rule["app"] == member]
        services = sorted({rule["service"] for rule in rules if rule["service"] is not None})
        ports = sorted({rule["port"] for rule in rules if rule["port"] is not None})
        details = [f"Service {', '.join(services)}" if services else "no rule reaches it"]
        if ports:
            details.append(f"port{'s' if len(ports) > 1 else ''} {', '.join(map(str, ports))}")
        if member not in published:
            details.append("no DNS record")
        key = f"app:{member}"
        found = tuple(marks.get(key, ()))
        title = f"app {member}, {details[0]}" + "".join(f"; {m.text}" for m in found)
        lane.nodes.append(Node(key, 4, "app", member, tuple(details), title, found))
