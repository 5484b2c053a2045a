"""What the specs will create in AWS: load balancers, group conflicts, DNS records, cost.

The AWS Load Balancer Controller turns every IngressGroup (all Ingresses naming the same
``group.name``, in any namespace) into one ALB, every other Ingress into an ALB of its own,
and every NLB Service into an NLB. The plan merges the Apps the way the controller merges
their Ingresses (reference: aws-load-balancer-controller §3), so that a reviewer sees the
load balancers, the settings that would stop the controller from reconciling a group, the
records ExternalDNS will write, and what the base charges come to, before anything is
applied. Everything here is pure: no printing, no I/O; ``plan_report`` formats a Plan.

Severity of a conflict: ``error`` when the group will not work as the specs say (the
controller stops reconciling the whole group, or a member's traffic never reaches it);
``warning`` when it works but deserves a look. ``json_keys_doc()`` documents the JSON form.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from eksgen.annotations import INGRESS_PREFIX, dns_annotations, ingress_annotations, tls_ports
from eksgen.cluster import Cluster
from eksgen.errors import Severity
from eksgen.locate import locate
from eksgen.model import ALB, NLB, App
from eksgen.path import FieldPath, format_path
from eksgen.pricing import HOURS_PER_MONTH, PriceTable
from eksgen.subnets import NodeGroupPlan, plan_cluster

DEFAULT_REGION = "us-east-1"
ALIAS_TYPES = ("A", "AAAA")
_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
_STOPS = "the controller stops reconciling every member of the group"
T = TypeVar("T")


@dataclass(frozen=True)
class Listener:
    """One listener: protocol and port; TLS policy and HTTP-to-HTTPS redirect when they apply."""

    protocol: str
    port: int
    ssl_policy: str | None = None
    redirect_to: int | None = None


@dataclass(frozen=True)
class LoadBalancer:
    """One ALB or NLB, with the Apps (namespace/name) that make it up."""

    kind: str
    name: str
    group: str | None
    members: tuple[str, ...]
    scheme: str
    listeners: tuple[Listener, ...]
    hostnames: tuple[str, ...]
    certificates: tuple[str, ...]
    load_balancer_name: str | None
    region: str
    hourly_usd: Decimal

    @property
    def monthly_usd(self) -> Decimal:
        """Base charge of a month of uptime: the hourly price x 730 h."""
        return self.hourly_usd * HOURS_PER_MONTH


@dataclass(frozen=True)
class ConflictMember:
    """One member's side of a conflict, and where in its spec the value comes from."""

    app: str
    file: str
    line: int
    column: int
    field: str
    value: str


@dataclass(frozen=True)
class Conflict:
    """A setting on which the members of one IngressGroup disagree."""

    group: str
    setting: str
    severity: Severity
    message: str
    members: tuple[ConflictMember, ...]


@dataclass(frozen=True)
class DnsRecord:
    """One hostname ExternalDNS publishes: ALIAS A and AAAA to a load balancer."""

    hostname: str
    load_balancer: str
    load_balancer_kind: str
    apps: tuple[str, ...]
    ttl: int | None
    txt_records: tuple[str, ...]
    notes: tuple[str, ...]
    record_types: tuple[str, ...] = ALIAS_TYPES


@dataclass(frozen=True)
class Cost:
    """Monthly base charges with the IngressGroups, and without them."""

    load_balancer_count: int
    monthly_usd: Decimal
    ungrouped_count: int
    ungrouped_monthly_usd: Decimal
    prices: PriceTable

    @property
    def saving_monthly_usd(self) -> Decimal:
        """What sharing ALBs through IngressGroups saves a month."""
        return self.ungrouped_monthly_usd - self.monthly_usd


@dataclass(frozen=True)
class Plan:
    """Everything the specs will create in AWS, and what may go wrong with it."""

    region: str
    region_source: str
    load_balancers: tuple[LoadBalancer, ...]
    conflicts: tuple[Conflict, ...]
    dns_records: tuple[DnsRecord, ...]
    cost: Cost
    node_groups: tuple[NodeGroupPlan, ...] = ()

    @property
    def errors(self) -> tuple[Conflict, ...]:
        """The conflicts that break a group: a reason to fail CI."""
        return tuple(c for c in self.conflicts if c.severity is _ERROR)

    @property
    def warnings(self) -> tuple[Conflict, ...]:
        """The conflicts worth a look that do not break anything."""
        return tuple(c for c in self.conflicts if c.severity is _WARNING)

    def as_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data with camelCase keys (see json_keys_doc)."""
        return {
            "region": self.region,
            "regionSource": self.region_source,
            "loadBalancers": [_lb_dict(lb) for lb in self.load_balancers],
            "conflicts": [_conflict_dict(c) for c in self.conflicts],
            "dnsRecords": [_record_dict(r) for r in self.dns_records],
            "cost": _cost_dict(self.cost),
            "nodeGroups": [group.as_dict() for group in self.node_groups],
            "errorCount": len(self.errors),
            "warningCount": len(self.warnings),
            "notes": list(NOTES),
        }


NOTES = (
    "Costs are base charges only: hourly price x 730 h. LCU-hours (ALB) and NLCU-hours (NLB) "
    "depend on traffic and are not included.",
    "ExternalDNS publishes a load balancer target as ALIAS A and ALIAS AAAA records (unless "
    "--aws-prefer-cname); Route 53 ignores the TTL of ALIAS records.",
    "Ownership TXT records use the typed format of ExternalDNS v0.18 and later (a-<host>, "
    "aaaa-<host>); --txt-prefix or --txt-suffix change these names.",
)


def build_plan(apps: Sequence[App], clusters: Sequence[Cluster], prices: PriceTable) -> Plan:
    """Merge the Apps into load balancers as the controller does, and check the groups.

    Raises UsageError (from the price table) when the region or a load balancer kind that
    the specs need has no price.
    """
    region = clusters[0].region if clusters else DEFAULT_REGION
    source = f"cluster {clusters[0].name}" if clusters else "default (no Cluster spec)"
    groups = _alb_groups(apps)
    albs = [_alb(name, group, members, region, prices) for name, group, members in groups]
    nlbs = [_nlb(app, region, prices) for app in apps if app.exposure.type == NLB]
    balancers = tuple(sorted(albs + nlbs, key=lambda lb: (lb.kind, lb.name)))
    conflicts = [c for name, group, members in groups if group for c in _conflicts(name, members)]
    return Plan(
        region=region,
        region_source=source,
        load_balancers=balancers,
        conflicts=tuple(sorted(conflicts, key=_conflict_key)),
        dns_records=_dns_records(apps, balancers),
        cost=_cost(balancers, apps, region, prices),
        node_groups=tuple(plan_cluster(clusters[0])) if clusters else (),
    )


def member_id(app: App) -> str:
    """How the controller names a member, and an implicit group: namespace/name."""
    return f"{app.namespace}/{app.name}"


def _alb_groups(apps: Iterable[App]) -> list[tuple[str, str | None, list[App]]]:
    """(name, explicit group or None, members in the controller's order) for every ALB."""
    explicit: dict[str, list[App]] = {}
    implicit: list[tuple[str, str | None, list[App]]] = []
    for app in apps:
        if app.exposure.type != ALB:
            continue
        if app.exposure.group is None:
            implicit.append((member_id(app), None, [app]))
        else:
            explicit.setdefault(app.exposure.group.name, []).append(app)
    grouped = [(name, name, sorted(members, key=_order)) for name, members in explicit.items()]
    return grouped + implicit


def _order(app: App) -> tuple[int, str]:
    """The controller's member order: group.order (default 0), then the text namespace/name.

    The text, not the (namespace, name) pair: 'team-a/x' sorts before 'team/x'.
    """
    group = app.exposure.group
    order = group.order if group is not None and group.order is not None else 0
    return (order, member_id(app))


def _alb(
    name: str, group: str | None, members: list[App], region: str, prices: PriceTable
) -> LoadBalancer:
    return LoadBalancer(
        kind=ALB,
        name=name,
        group=group,
        members=tuple(member_id(app) for app in members),
        scheme=members[0].exposure.scheme,
        listeners=_alb_listeners(members),
        hostnames=tuple(sorted({host for app in members for host in app.hosts})),
        certificates=_unique(arn for app in members if app.tls for arn in app.tls.certificate_arns),
        load_balancer_name=next(_given(app.exposure.load_balancer_name for app in members), None),
        region=region,
        hourly_usd=prices.hourly(region, ALB),
    )


def listen_ports(app: App) -> list[tuple[str, int]]:
    """An ALB App's listeners as its Ingress declares them (the listen-ports annotation)."""
    value = ingress_annotations(app)[INGRESS_PREFIX + "listen-ports"]
    return [(protocol, port) for item in json.loads(value) for protocol, port in item.items()]


def _ssl_redirect(app: App) -> int | None:
    value = ingress_annotations(app).get(INGRESS_PREFIX + "ssl-redirect")
    return None if value is None else int(value)


def _alb_listeners(members: list[App]) -> tuple[Listener, ...]:
    """Listen ports merged over the group; the first member's TLS policy wins per port."""
    merged: dict[int, tuple[str, str | None]] = {}
    for app in members:
        policy = app.tls.policy if app.tls else None
        for protocol, port in listen_ports(app):
            known = merged.get(port)
            if known is None or (protocol == "HTTPS" and known[1] is None):
                merged[port] = (protocol, policy if protocol == "HTTPS" else None)
    redirect = next(_given(_ssl_redirect(app) for app in members), None)
    return tuple(
        Listener(protocol, port, policy, redirect if protocol == "HTTP" else None)
        for port, (protocol, policy) in sorted(merged.items())
    )


def _nlb(app: App, region: str, prices: PriceTable) -> LoadBalancer:
    """One NLB per Service: a listener per port, TLS where a certificate terminates it."""
    secure = set(tls_ports(app))
    policy = app.tls.policy if app.tls else None
    listeners = tuple(
        Listener("TLS", port.port, policy)
        if port.port in secure
        else Listener(port.protocol, port.port)
        for port in sorted(app.ports, key=lambda port: (port.port, port.protocol))
    )
    return LoadBalancer(
        kind=NLB,
        name=member_id(app),
        group=None,
        members=(member_id(app),),
        scheme=app.exposure.scheme,
        listeners=listeners,
        hostnames=tuple(sorted(app.hosts)),
        certificates=app.tls.certificate_arns if app.tls else (),
        load_balancer_name=app.exposure.load_balancer_name,
        region=region,
        hourly_usd=prices.hourly(region, NLB),
    )


# ---- IngressGroup conflicts ------------------------------------------------------------


def _conflicts(group: str, members: list[App]) -> list[Conflict]:
    found = [
        _exclusive(group, members, "scheme", lambda a: a.exposure.scheme, _exposure("scheme")),
        _exclusive(group, members, "subnets", _subnets, _exposure("subnets")),
        _exclusive(group, members, "ssl-redirect", _redirect_text, _REDIRECT),
        _exclusive(group, members, "load-balancer-name", _lb_name, _exposure("loadBalancerName")),
    ]
    found += _attribute_conflicts(group, members)
    found += _per_port_conflicts(group, members)
    found += [_redirect_drops_http(group, members), *_order_ties(group, members)]
    found += _duplicate_routes(group, members)
    return [conflict for conflict in found if conflict is not None]


# Public names for the rules that report the same conflicts (EKS201, EKS202).
alb_groups = _alb_groups
group_conflicts = _conflicts


def _exposure(*parts: str) -> FieldPath:
    return ("spec", "exposure", *parts)


_REDIRECT: FieldPath = ("spec", "tls", "redirectHttp")
_MESSAGES = {
    "scheme": f"members ask for different schemes ('conflicting scheme'): {_STOPS}",
    "subnets": f"members list different subnets ('conflicting subnets'): {_STOPS}",
    "ssl-redirect": f"members redirect HTTP to different ports: {_STOPS}",
    "load-balancer-name": f"members name the ALB differently ('conflicting load balancer "
    f"name'): {_STOPS}",
    "load-balancer-attributes": f"members set different values for this ALB attribute: {_STOPS}",
    "ssl-policy": f"members listening on this HTTPS port ask for different TLS policies "
    f"('conflicting sslPolicy'): {_STOPS}",
    "inbound-cidrs": f"members listening on this port allow different source ranges "
    f"('conflicting inbound-cidrs'): {_STOPS}",
}


def _exclusive(
    group: str,
    members: list[App],
    setting: str,
    value_of: Callable[[App], str | None],
    path: FieldPath,
    message: str | None = None,
) -> Conflict | None:
    """An error when members that set an exclusive setting do not all set the same value.

    Members that leave it unset do not conflict: the value set elsewhere applies to them.
    """
    given = [(app, value) for app in members if (value := value_of(app)) is not None]
    if len({value for _, value in given}) < 2:
        return None
    text = message or _MESSAGES[setting.split(" ")[0]]
    sides = tuple(_side(app, path, value) for app, value in given)
    return Conflict(group, setting, _ERROR, text, sides)


def _subnets(app: App) -> str | None:
    return ",".join(sorted(app.exposure.subnets)) or None


def _lb_name(app: App) -> str | None:
    return app.exposure.load_balancer_name


def _redirect_text(app: App) -> str | None:
    port = _ssl_redirect(app)
    return None if port is None else str(port)


def _attribute_conflicts(group: str, members: list[App]) -> list[Conflict | None]:
    keys = sorted({key for app in members for key, _ in app.exposure.load_balancer_attributes})
    return [
        _exclusive(
            group,
            members,
            f"load-balancer-attributes {key}",
            _attribute(key),
            _exposure("attributes", "loadBalancer", key),
            _MESSAGES["load-balancer-attributes"],
        )
        for key in keys
    ]


def _attribute(key: str) -> Callable[[App], str | None]:
    def value_of(app: App) -> str | None:
        return dict(app.exposure.load_balancer_attributes).get(key)

    return value_of


def _per_port_conflicts(group: str, members: list[App]) -> list[Conflict | None]:
    """ssl-policy and inbound-cidrs must agree among the members sharing a listen port."""
    found: list[Conflict | None] = []
    ports = sorted({listener for app in members for listener in listen_ports(app)})
    for protocol, port in ports:
        sharing = [app for app in members if (protocol, port) in listen_ports(app)]
        where = f"{protocol}:{port}"
        if protocol == "HTTPS":
            found.append(
                _exclusive(
                    group, sharing, f"ssl-policy {where}", _policy, ("spec", "tls", "policy")
                )
            )
        found.append(
            _exclusive(group, sharing, f"inbound-cidrs {where}", _cidrs, _exposure("sourceRanges"))
        )
        found.append(_cidrs_widen(group, sharing, where))
    return found


def _policy(app: App) -> str | None:
    return app.tls.policy if app.tls else None


def _cidrs(app: App) -> str | None:
    return ",".join(sorted(app.exposure.source_ranges)) or None


def _cidrs_widen(group: str, sharing: list[App], where: str) -> Conflict | None:
    """Source ranges set by some members restrict the shared listener for all of them."""
    limited = [app for app in sharing if app.exposure.source_ranges]
    open_ = [app for app in sharing if not app.exposure.source_ranges]
    if not limited or not open_:
        return None
    message = (
        "some members limit who may connect and others do not: the ranges given apply to the "
        f"whole listener, so {', '.join(member_id(a) for a in open_)} also become reachable "
        "only from them"
    )
    path = _exposure("sourceRanges")
    sides = tuple(_side(app, path, _cidrs(app) or "any (0.0.0.0/0)") for app in sharing)
    return Conflict(group, f"inbound-cidrs {where}", _WARNING, message, sides)


def _redirect_drops_http(group: str, members: list[App]) -> Conflict | None:
    """A redirect set by one member turns every HTTP listener of the ALB into a redirect."""
    redirecting = [app for app in members if _ssl_redirect(app) is not None]
    http_only = [app for app in members if listen_ports(app) == [("HTTP", 80)]]
    if not redirecting or not http_only:
        return None
    message = (
        "ssl-redirect from one member applies to the whole ALB: every HTTP listener answers "
        "with a redirect to HTTPS, so the HTTP-only members "
        f"({', '.join(member_id(a) for a in http_only)}) are never served"
    )
    sides = [_side(app, _REDIRECT, f"redirect to {_ssl_redirect(app)}") for app in redirecting]
    sides += [_side(app, _exposure("type"), "HTTP only (no tls)") for app in http_only]
    return Conflict(group, "ssl-redirect", _ERROR, message, tuple(sides))


def _order_ties(group: str, members: list[App]) -> list[Conflict]:
    """Members giving the same group.order: their rules are ordered by namespace/name."""
    by_order: dict[int, list[App]] = {}
    for app in members:
        order = app.exposure.group.order if app.exposure.group else None
        if order is not None:
            by_order.setdefault(order, []).append(app)
    path = _exposure("group", "order")
    return [
        Conflict(
            group,
            "group.order",
            _WARNING,
            f"members share group.order {order}; the controller breaks the tie by "
            f"namespace/name, so {member_id(tied[0])}'s rules are evaluated first",
            tuple(_side(app, path, str(order)) for app in tied),
        )
        for order, tied in sorted(by_order.items())
        if len(tied) > 1
    ]


def _duplicate_routes(group: str, members: list[App]) -> list[Conflict]:
    """The same host and path routed by two members on one listener: the first one wins."""
    routed: dict[tuple[str, str], dict[tuple[str, int], list[tuple[App, FieldPath]]]] = {}
    for app in members:
        for host, path, where in _routes(app):
            for listener in listen_ports(app):
                routed.setdefault((host, path), {}).setdefault(listener, []).append((app, where))
    found = []
    for (host, path), by_listener in sorted(routed.items()):
        clash = [entry for entries in by_listener.values() if len(entries) > 1 for entry in entries]
        label = f"{host}{path}" if host != "*" else f"{path} (any host)"
        sides = _unique(_side(app, where, label) for app, where in clash)
        if len({side.app for side in sides}) > 1:
            first, *others = [side.app for side in sides]
            message = (
                f"{label} is routed by more than one member on the same listener; the ALB "
                f"evaluates rules in group order, so {first} receives this traffic and "
                f"{', '.join(others)} never do"
            )
            found.append(Conflict(group, f"route {label}", _ERROR, message, sides))
    return found


def _routes(app: App) -> list[tuple[str, str, FieldPath]]:
    """(host or '*', path, where in the spec) for every Ingress rule path of the App."""
    given_routes = "routes" in app.raw.get("spec", {})
    result = []
    for h, host in enumerate(app.hosts or ("*",)):
        for r, route in enumerate(app.routes):
            if given_routes:
                where: FieldPath = ("spec", "routes", r, "path")
            elif app.hosts:
                where = ("spec", "hosts", h)
            else:
                where = _exposure("type")
            result.append((host, route.path, where))
    return result


def _side(app: App, path: FieldPath, value: str) -> ConflictMember:
    line, column = locate(app.document, path)
    return ConflictMember(member_id(app), app.file, line, column, format_path(path), value)


def _conflict_key(conflict: Conflict) -> tuple[str, int, str, str]:
    rank = 0 if conflict.severity is _ERROR else 1
    return (conflict.group, rank, conflict.setting, conflict.message)


# ---- DNS and cost ----------------------------------------------------------------------


def _dns_records(apps: Sequence[App], balancers: Sequence[LoadBalancer]) -> tuple[DnsRecord, ...]:
    """One record per hostname and load balancer, for the Apps whose hosts ExternalDNS reads."""
    owner = {member: lb for lb in balancers for member in lb.members}
    published: dict[tuple[str, str], list[App]] = {}
    for app in apps:
        if dns_annotations(app):
            for host in app.hosts:
                published.setdefault((host, owner[member_id(app)].name), []).append(app)
    targets: dict[str, set[str]] = {}
    for host, lb_name in published:
        targets.setdefault(host, set()).add(lb_name)
    records = [
        _record(host, next(lb for lb in balancers if lb.name == lb_name), publishers, targets[host])
        for (host, lb_name), publishers in sorted(published.items())
    ]
    return tuple(records)


def _record(host: str, lb: LoadBalancer, apps: list[App], targets: set[str]) -> DnsRecord:
    ttls = sorted({app.dns.ttl for app in apps if app.dns.ttl is not None})
    notes = []
    if lb.kind == NLB:
        notes.append("written once the controller has put the NLB's DNS name in the Service status")
    if host.startswith("*."):
        notes.append("wildcard host: ExternalDNS needs --txt-wildcard-replacement for its TXT name")
    if len(targets) > 1:
        others = ", ".join(sorted(targets - {lb.name}))
        notes.append(f"also published for {others}: one name can alias only one target")
    return DnsRecord(
        hostname=host,
        load_balancer=lb.name,
        load_balancer_kind=lb.kind,
        apps=tuple(sorted(member_id(app) for app in apps)),
        ttl=ttls[0] if ttls else None,
        txt_records=tuple(f"{kind.lower()}-{host}" for kind in ALIAS_TYPES),
        notes=tuple(notes),
    )


def _cost(
    balancers: Sequence[LoadBalancer], apps: Sequence[App], region: str, prices: PriceTable
) -> Cost:
    """Base charges, and the same Apps with every alb App on an ALB of its own."""
    counts = {kind: sum(app.exposure.type == kind for app in apps) for kind in (ALB, NLB)}
    ungrouped = sum(
        (prices.monthly(region, kind) * count for kind, count in counts.items() if count),
        Decimal(0),
    )
    return Cost(
        load_balancer_count=len(balancers),
        monthly_usd=sum((lb.monthly_usd for lb in balancers), Decimal(0)),
        ungrouped_count=sum(counts.values()),
        ungrouped_monthly_usd=ungrouped,
        prices=prices,
    )


def _given(values: Iterable[T | None]) -> Iterator[T]:
    return (value for value in values if value is not None)


def _unique(items: Iterable[T]) -> tuple[T, ...]:
    """Items without repeats, first occurrence kept (the controller merges lists this way)."""
    return tuple(dict.fromkeys(items))


# ---- JSON ------------------------------------------------------------------------------


def _usd(amount: Decimal) -> float:
    """USD as a JSON number: exact decimal prices, not rounded to cents."""
    return float(amount)


def _lb_dict(lb: LoadBalancer) -> dict[str, Any]:
    return {
        "kind": lb.kind,
        "name": lb.name,
        "group": lb.group,
        "members": list(lb.members),
        "scheme": lb.scheme,
        "listeners": [
            {
                "protocol": listener.protocol,
                "port": listener.port,
                "sslPolicy": listener.ssl_policy,
                "redirectToPort": listener.redirect_to,
            }
            for listener in lb.listeners
        ],
        "hostnames": list(lb.hostnames),
        "certificates": list(lb.certificates),
        "defaultCertificate": lb.certificates[0] if lb.certificates else None,
        "loadBalancerName": lb.load_balancer_name,
        "region": lb.region,
        "hourlyUsd": _usd(lb.hourly_usd),
        "monthlyUsd": _usd(lb.monthly_usd),
    }


def _conflict_dict(conflict: Conflict) -> dict[str, Any]:
    return {
        "group": conflict.group,
        "setting": conflict.setting,
        "severity": conflict.severity.value,
        "message": conflict.message,
        "members": [
            {
                "app": side.app,
                "file": side.file,
                "line": side.line,
                "column": side.column,
                "field": side.field,
                "value": side.value,
            }
            for side in conflict.members
        ],
    }


def _record_dict(record: DnsRecord) -> dict[str, Any]:
    return {
        "hostname": record.hostname,
        "recordTypes": list(record.record_types),
        "alias": True,
        "loadBalancer": record.load_balancer,
        "loadBalancerKind": record.load_balancer_kind,
        "apps": list(record.apps),
        "ttl": record.ttl,
        "ttlNote": "ignored: Route 53 ALIAS records have no TTL of their own",
        "txtRecords": list(record.txt_records),
        "notes": list(record.notes),
    }


def _cost_dict(cost: Cost) -> dict[str, Any]:
    return {
        "currency": "USD",
        "hoursPerMonth": HOURS_PER_MONTH,
        "loadBalancerCount": cost.load_balancer_count,
        "monthlyUsd": _usd(cost.monthly_usd),
        "withoutGroups": {
            "loadBalancerCount": cost.ungrouped_count,
            "monthlyUsd": _usd(cost.ungrouped_monthly_usd),
        },
        "savingMonthlyUsd": _usd(cost.saving_monthly_usd),
        "excludes": "LCU-hours (ALB) and NLCU-hours (NLB): they depend on traffic",
        "prices": {
            "source": cost.prices.source,
            "retrieved": cost.prices.retrieved,
            "origin": cost.prices.origin,
        },
    }


JSON_KEYS = (
    ("region", "AWS region the load balancers are priced in: the Cluster spec's, else us-east-1"),
    ("regionSource", "`cluster <name>`, or `default (no Cluster spec)`"),
    ("loadBalancers[]", "one entry per ALB or NLB, sorted by kind, then name"),
    ("loadBalancers[].kind", "`alb` or `nlb`"),
    ("loadBalancers[].name", "the IngressGroup name, or `namespace/app` (implicit group, NLB)"),
    ("loadBalancers[].group", "the IngressGroup name; null for an Ingress alone and for NLBs"),
    ("loadBalancers[].members", "`namespace/app` of each App, in the controller's order"),
    ("loadBalancers[].scheme", "`internal` or `internet-facing`"),
    ("loadBalancers[].listeners[]", "merged listeners, sorted by port"),
    ("loadBalancers[].listeners[].protocol", "HTTP, HTTPS (ALB); TCP, UDP, TLS (NLB)"),
    ("loadBalancers[].listeners[].port", "listener port"),
    ("loadBalancers[].listeners[].sslPolicy", "TLS policy of an HTTPS or TLS listener, else null"),
    ("loadBalancers[].listeners[].redirectToPort", "HTTPS port an HTTP listener redirects to"),
    ("loadBalancers[].hostnames", "union of the members' hosts, sorted"),
    ("loadBalancers[].certificates", "ACM certificate ARNs, merged without repeats"),
    ("loadBalancers[].defaultCertificate", "the first certificate (the others are SNI)"),
    ("loadBalancers[].loadBalancerName", "the AWS name given in a spec, else null (generated)"),
    ("loadBalancers[].region", "the plan's region"),
    ("loadBalancers[].hourlyUsd", "base price per hour, from the price table"),
    ("loadBalancers[].monthlyUsd", "hourlyUsd x 730, not rounded"),
    ("conflicts[]", "IngressGroup conflicts, sorted by group, errors first"),
    ("conflicts[].group", "the IngressGroup name"),
    ("conflicts[].setting", "the annotation concerned, with the listener or key when per one"),
    ("conflicts[].severity", "`error`: the group breaks; `warning`: worth a look"),
    ("conflicts[].message", "what happens, in words"),
    ("conflicts[].members[]", "each member involved"),
    ("conflicts[].members[].app", "`namespace/app`"),
    ("conflicts[].members[].file", "the spec file"),
    ("conflicts[].members[].line", "1-based line of the value (or of its closest parent)"),
    ("conflicts[].members[].column", "1-based column of the same"),
    ("conflicts[].members[].field", "the spec field, such as `spec.exposure.scheme`"),
    ("conflicts[].members[].value", "the member's value"),
    ("dnsRecords[]", "records ExternalDNS writes, sorted by hostname"),
    ("dnsRecords[].hostname", "the host"),
    ("dnsRecords[].recordTypes", '`["A", "AAAA"]`'),
    ("dnsRecords[].alias", "always true: Route 53 ALIAS records to the load balancer"),
    ("dnsRecords[].loadBalancer", "`name` of the load balancer the records point at"),
    ("dnsRecords[].loadBalancerKind", "`alb` or `nlb`"),
    ("dnsRecords[].apps", "the Apps publishing the host"),
    ("dnsRecords[].ttl", "`spec.dns.ttl` when set, else null"),
    ("dnsRecords[].ttlNote", "why the ttl has no effect"),
    ("dnsRecords[].txtRecords", "names of the ownership TXT records"),
    ("dnsRecords[].notes", "facts that apply to this record only"),
    ("cost", "monthly base charges"),
    ("cost.currency", "`USD`"),
    ("cost.hoursPerMonth", "730"),
    ("cost.loadBalancerCount", "load balancers with the IngressGroups"),
    ("cost.monthlyUsd", "their base charges per month"),
    ("cost.withoutGroups", "the same Apps with every alb App on an ALB of its own"),
    ("cost.withoutGroups.loadBalancerCount", "load balancers if every alb App had its own ALB"),
    ("cost.withoutGroups.monthlyUsd", "their base charges per month"),
    ("cost.savingMonthlyUsd", "withoutGroups.monthlyUsd - monthlyUsd"),
    ("cost.excludes", "the usage charges left out"),
    ("cost.prices", "the price table used"),
    ("cost.prices.source", "provenance of the price table"),
    ("cost.prices.retrieved", "when its figures were collected"),
    ("cost.prices.origin", "the bundled table, or the path of the price file given"),
    (
        "nodeGroups[]",
        "pod-IP headroom per node group of the Cluster spec, as `eksgen capacity --output json` "
        "lists them under `nodeGroups`",
    ),
    ("errorCount", "conflicts of severity error"),
    ("warningCount", "conflicts of severity warning"),
    ("notes", "facts that apply to the whole plan"),
)


def json_keys_doc() -> str:
    """The JSON keys of Plan.as_dict as a Markdown table, ready for the README."""
    rows = [f"| `{key}` | {meaning} |" for key, meaning in JSON_KEYS]
    return "\n".join(["| key | meaning |", "|---|---|", *rows]) + "\n"
