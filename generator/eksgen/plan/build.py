"""What the specs will create in AWS: load balancers, group conflicts, DNS records, cost.

The AWS Load Balancer Controller turns every IngressGroup into one ALB, every other Ingress
into an ALB of its own, and every NLB Service into an NLB. The plan builds these load
balancers from the groups that ``groups`` merges the way the controller merges Ingresses,
so that a reviewer sees the load balancers with their listener rules, the group conflicts
(found by ``groups``), the records ExternalDNS will write, what the base charges come to,
and the node groups' max pods with and without prefix delegation, before anything is
applied. A load balancer whose region has no price in the table still appears in full, its
cost unknown, and a note says how to add the price. Everything here is pure: no printing,
no I/O; ``plan_report`` formats a Plan as text, and ``plan_json`` gives its JSON form and
documents its keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from eksgen.capacity import Capacity, NodeGroupPlan, plan_cluster, prefix_delegation_set, variants
from eksgen.errors import Severity
from eksgen.lint import rules
from eksgen.model import facts
from eksgen.model.albs import alb_groups, member_id
from eksgen.model.app import ALB, NLB, App, Port, Waf
from eksgen.model.cluster import Cluster, dns_prefix
from eksgen.model.groups import Conflict, conflict_key, group_conflicts, unique
from eksgen.model.listeners import (
    TCP_UDP_ANNOTATION,
    alb_listeners,
    nlb_tls_ports,
    ports_by_number,
    ssl_redirect_port,
    tcp_udp_pairs,
)
from eksgen.plan.pricing import KINDS, USAGE_UNITS, Price, PriceTable
from eksgen.plan.rules import Rule, alb_rules, nlb_rule

# Findings the plan reports itself, from the same merge: they do not stop it.
REPORTED_BY_PLAN = frozenset({rules.ingress_group_conflict.ID, rules.host_on_two_load_balancers.ID})
DEFAULT_REGION = "us-east-1"
ALIAS_TYPES = ("A", "AAAA")
_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
T = TypeVar("T")


@dataclass(frozen=True)
class Listener:
    """One listener: protocol and port; TLS policy and HTTP-to-HTTPS redirect when they apply.

    note: what a reviewer must know about it (a Service port it leaves unserved), or None.
    """

    protocol: str
    port: int
    ssl_policy: str | None = None
    redirect_to: int | None = None
    note: str | None = None


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
    price: Price | None  # None when the price table has none for the kind in the region
    rules: tuple[Rule, ...] = ()
    # Hosts whose certificates the controller discovers in ACM: those of the members with
    # spec.tls and no certificateArns (pkg/ingress/model_build_listener.go, v3.5.0).
    discovered_for: tuple[str, ...] = ()
    # The settings given in a spec (for an IngressGroup, by the first member that gives
    # each; members that disagree are conflicts): None when none gives it.
    ip_address_type: str | None = None
    waf: Waf | None = None
    shield_advanced: bool | None = None

    @property
    def hourly_usd(self) -> Decimal | None:
        """Charge per hour the load balancer runs; None when unknown."""
        return self.price.hourly if self.price else None

    @property
    def monthly_usd(self) -> Decimal | None:
        """Base charge of a month of uptime: the hourly price x 730 h; None when unknown."""
        return self.price.monthly if self.price else None

    @property
    def usage_usd(self) -> Decimal | None:
        """Usage charge on top, per usage_unit of traffic; None when unknown."""
        return self.price.usage if self.price else None

    @property
    def usage_unit(self) -> str:
        """What usage is charged per: LCU-hour (ALB) or NLCU-hour (NLB)."""
        return USAGE_UNITS[self.kind]


@dataclass(frozen=True)
class ExternalTargetGroup:
    """A target group of a load balancer made outside Kubernetes that an App's pods fill.

    Its load balancer is not eksgen's: neither listed among load_balancers nor priced. The
    region and account come from the ARN (arn:<partition>:elasticloadbalancing:<region>:
    <account>:targetgroup/<name>/<id>), which may differ from the plan's region.
    """

    arn: str
    name: str
    region: str
    account: str
    target_type: str
    app: str
    service_port: int


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
    """Monthly base charges with the IngressGroups, and without them.

    An amount is None when a load balancer it counts has no price in the region: unpriced
    names those kinds, and missing_note how to add their prices. The saving counts ALBs
    only (the NLBs are the same either way), so it is known whenever the ALB price is.
    """

    load_balancer_count: int
    monthly_usd: Decimal | None
    ungrouped_count: int
    ungrouped_monthly_usd: Decimal | None
    saving_monthly_usd: Decimal | None
    prices: PriceTable
    unpriced: tuple[str, ...] = ()
    missing_note: str | None = None


@dataclass(frozen=True)
class NodeGroupPods:
    """A node group's max pods under other settings, for comparison with its own.

    variants: the instance type under the standard settings, as ``eksgen capacity`` lists
    them. without_prefix_delegation, with_prefix_delegation: the node group's own settings
    (custom networking, security groups for pods) with prefix delegation off and on, so
    that one of the two is the capacity in force and the other what switching would give.
    """

    variants: dict[str, Capacity]
    without_prefix_delegation: Capacity
    with_prefix_delegation: Capacity

    @classmethod
    def of(cls, group: NodeGroupPlan) -> NodeGroupPods:
        """The comparisons for one planned node group."""
        cap = group.capacity
        return cls(
            variants(cap), prefix_delegation_set(cap, False), prefix_delegation_set(cap, True)
        )


@dataclass(frozen=True)
class Plan:
    """Everything the specs will create in AWS, and what may go wrong with it.

    node_group_pods holds one entry per node group, in the order of node_groups.
    """

    region: str
    region_source: str
    load_balancers: tuple[LoadBalancer, ...]
    conflicts: tuple[Conflict, ...]
    dns_records: tuple[DnsRecord, ...]
    cost: Cost
    node_groups: tuple[NodeGroupPlan, ...] = ()
    node_group_pods: tuple[NodeGroupPods, ...] = ()
    external_target_groups: tuple[ExternalTargetGroup, ...] = ()

    @property
    def notes(self) -> tuple[str, ...]:
        """Facts that apply to the whole plan, with how to add missing prices first."""
        missing = (self.cost.missing_note,) if self.cost.missing_note else ()
        return (*missing, *NOTES)

    @property
    def errors(self) -> tuple[Conflict, ...]:
        """The conflicts that break a group: a reason to fail CI."""
        return tuple(c for c in self.conflicts if c.severity is _ERROR)

    @property
    def warnings(self) -> tuple[Conflict, ...]:
        """The conflicts worth a look that do not break anything."""
        return tuple(c for c in self.conflicts if c.severity is _WARNING)


NOTES = (
    "Monthly costs are base charges only: hourly price x 730 h. Usage is charged on top per "
    "LCU-hour (ALB) or NLCU-hour (NLB) of traffic, which the specs do not describe: each load "
    "balancer shows its usage price, not a sum.",
    "ExternalDNS publishes a load balancer target as ALIAS A and ALIAS AAAA records (unless "
    "--aws-prefer-cname); Route 53 ignores the TTL of ALIAS records.",
    "Ownership TXT records use the typed format of ExternalDNS v0.18 and later (a-<host>, "
    "aaaa-<host>); --txt-prefix or --txt-suffix change these names.",
)


def build_plan(
    apps: Sequence[App],
    clusters: Sequence[Cluster],
    prices: PriceTable,
    external_dns_version: str = facts.versions.EXTERNAL_DNS_VERSION,
) -> Plan:
    """Merge the Apps into load balancers as the controller does, and check the groups.

    external_dns_version: the ExternalDNS release whose records the plan lists (the one
    the checks ran with). A kind of load balancer without a price in the region leaves
    its cost unknown (None), and the plan says how to add the price; nothing else changes.
    """
    region = clusters[0].region if clusters else DEFAULT_REGION
    source = f"cluster {clusters[0].name}" if clusters else "default (no Cluster spec)"
    groups = alb_groups(apps)
    albs = [_alb(name, group, members, region, prices) for name, group, members in groups]
    nlbs = [_nlb(app, region, prices) for app in apps if app.exposure.type == NLB]
    balancers = tuple(sorted(albs + nlbs, key=lambda lb: (lb.kind, lb.name)))
    conflicts = [
        c for name, group, members in groups if group for c in group_conflicts(name, members)
    ]
    node_groups = tuple(plan_cluster(clusters[0])) if clusters else ()
    return Plan(
        region=region,
        region_source=source,
        load_balancers=balancers,
        conflicts=tuple(sorted(conflicts, key=conflict_key)),
        dns_records=_dns_records(
            apps, balancers, _reads_annotations(clusters, external_dns_version)
        ),
        cost=_cost(balancers, apps, region, prices),
        node_groups=node_groups,
        node_group_pods=tuple(NodeGroupPods.of(group) for group in node_groups),
        external_target_groups=_external_target_groups(apps),
    )


def _external_target_groups(apps: Sequence[App]) -> tuple[ExternalTargetGroup, ...]:
    """Every TargetGroupBinding's target group, sorted by App, then target group name."""
    found = [
        ExternalTargetGroup(
            arn=binding.target_group_arn,
            name=binding.target_group_name,
            region=binding.target_group_arn.split(":")[3],
            account=binding.target_group_arn.split(":")[4],
            target_type=binding.target_type,
            app=member_id(app),
            service_port=_bound_port(app, binding.port),
        )
        for app in apps
        for binding in app.target_group_bindings
    ]
    return tuple(sorted(found, key=lambda group: (group.app, group.name, group.arn)))


def _bound_port(app: App, ref: int | str | None) -> int:
    """The Service port number a binding names (the checks refuse an unknown one: EKS004)."""
    port = app.port_by_ref(ref)
    return port.port if port is not None else 0


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
        certificates=unique(arn for app in members if app.tls for arn in app.tls.certificate_arns),
        discovered_for=tuple(
            sorted({host for app in members if _discovers(app) for host in app.hosts})
        ),
        load_balancer_name=next(_given(app.exposure.load_balancer_name for app in members), None),
        region=region,
        price=prices.price(region, ALB),
        rules=alb_rules(members),
        ip_address_type=next(_given(app.exposure.ip_address_type for app in members), None),
        waf=next(_given(app.exposure.waf for app in members), None),
        shield_advanced=next(_given(app.exposure.shield_advanced for app in members), None),
    )


def _discovers(app: App) -> bool:
    """Whether the controller discovers the App's certificates (TLS without ARNs)."""
    return app.tls is not None and not app.tls.certificate_arns


def _alb_listeners(members: list[App]) -> tuple[Listener, ...]:
    """Listen ports merged over the group; the first member's TLS policy wins per port."""
    merged: dict[int, tuple[str, str | None]] = {}
    for app in members:
        policy = app.tls.policy if app.tls else None
        for protocol, port in alb_listeners(app):
            known = merged.get(port)
            if known is None or (protocol == "HTTPS" and known[1] is None):
                merged[port] = (protocol, policy if protocol == "HTTPS" else None)
    redirect = next(_given(ssl_redirect_port(app) for app in members), None)
    return tuple(
        Listener(protocol, port, policy, redirect if protocol == "HTTP" else None)
        for port, (protocol, policy) in sorted(merged.items())
    )


def _nlb(app: App, region: str, prices: PriceTable) -> LoadBalancer:
    """One NLB per Service, with the listeners the controller builds for its ports."""
    by_number = sorted(ports_by_number(app).items())
    listeners = tuple(_nlb_listener(app, ports) for _, ports in by_number)
    # Each listener forwards to the Service port that got it: the first of its number.
    rules = tuple(
        nlb_rule(app, listener.protocol, ports[0])
        for listener, (_, ports) in zip(listeners, by_number, strict=True)
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
        price=prices.price(region, NLB),
        rules=rules,
        ip_address_type=app.exposure.ip_address_type,
    )


# spec.exposure.tcpUdpListener (the annotation eksgen.model.listeners.TCP_UDP_ANNOTATION)
# turns TCP and UDP on one port into one TCP_UDP listener; without it the controller's
# feature gate EnableTCPUDPListener decides, off by default and not set by eksgen's values
# (pkg/config/feature_gates.go, v3.5.0).


def _nlb_listener(app: App, ports: list[Port]) -> Listener:
    """The one listener of a port number (pkg/service/model_build_listener.go, v3.5.0).

    TCP and UDP on one number make one TCP_UDP listener when the Service enables it. Without
    that, the controller builds a listener per Service port under an ID made of the number
    alone: the first port in spec.ports gets it and the other is dropped without an error
    (kubernetes-sigs/aws-load-balancer-controller issue 4405).
    """
    first, *others = ports
    if any(pair[0] == first for pair in tcp_udp_pairs(app)):
        return Listener("TCP_UDP", first.port)  # never TLS: the controller keeps it TCP_UDP
    listener = _one_port_listener(app, first)
    if not others:
        return listener
    dropped = ", ".join(f"{port.protocol}:{port.port}" for port in others)
    note = (
        f"{dropped} gets no listener: the controller keeps the first Service port of a number "
        f'unless the Service has the annotation {TCP_UDP_ANNOTATION}: "true" '
        "(spec.exposure.tcpUdpListener: true; then one TCP_UDP listener)"
    )
    return Listener(listener.protocol, listener.port, listener.ssl_policy, note=note)


def _one_port_listener(app: App, port: Port) -> Listener:
    """TLS where a certificate terminates a TCP port, else the port's own protocol."""
    if app.tls is not None and port.protocol == "TCP" and port.port in nlb_tls_ports(app):
        return Listener("TLS", port.port, app.tls.policy)
    return Listener(port.protocol, port.port)


# ---- DNS and cost ----------------------------------------------------------------------


def _reads_annotations(clusters: Sequence[Cluster], version: str) -> bool:
    """Whether ExternalDNS reads the prefix of the Apps' annotations.

    A Cluster spec's externalDns values pass --annotation-prefix with the prefix the Apps
    carry; without them ExternalDNS reads its own default prefix.
    """
    dns = clusters[0].external_dns if clusters else None
    flag = dns.annotation_prefix if dns else None
    return facts.external_dns.reads_prefix(version, dns_prefix(clusters), flag)


def published_hosts(app: App, reads_annotations: bool = True) -> tuple[str, ...]:
    """The names ExternalDNS publishes for an App.

    The ingress source publishes an Ingress's rule hosts unless ingress-hostname-source:
    annotation-only says otherwise (source/ingress.go, v0.22.0), which eksgen writes for
    spec.dns.enabled: false; the service source publishes only the names of a hostname
    annotation (source/service.go, v0.22.0). When ExternalDNS does not read the prefix of
    the annotations, only the rule hosts are left.
    """
    if reads_annotations:
        return app.hosts if app.publishes_dns else ()
    return app.hosts if app.exposure.type == ALB else ()


def _dns_records(
    apps: Sequence[App], balancers: Sequence[LoadBalancer], reads_annotations: bool = True
) -> tuple[DnsRecord, ...]:
    """One record per hostname and load balancer, for the names ExternalDNS publishes."""
    owner = {member: lb for lb in balancers for member in lb.members}
    published: dict[tuple[str, str], list[App]] = {}
    for app in apps:
        for host in published_hosts(app, reads_annotations):
            published.setdefault((host, owner[member_id(app)].name), []).append(app)
    targets: dict[str, set[str]] = {}
    for host, lb_name in published:
        targets.setdefault(host, set()).add(lb_name)
    records = [
        _record(
            host,
            next(lb for lb in balancers if lb.name == lb_name),
            publishers,
            targets[host],
            reads_annotations,
        )
        for (host, lb_name), publishers in sorted(published.items())
    ]
    return tuple(records)


def _record(
    host: str, lb: LoadBalancer, apps: list[App], targets: set[str], reads_annotations: bool
) -> DnsRecord:
    ttls = sorted({app.dns.ttl for app in apps if app.dns.ttl is not None})
    notes = []
    if not reads_annotations:
        ttls = []
        notes.append(
            "from the Ingress rule: this ExternalDNS does not read the prefix of eksgen's "
            "annotations, so spec.dns (ttl, enabled) has no effect"
        )
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
    counts = {kind: sum(app.exposure.type == kind for app in apps) for kind in KINDS}
    kind_prices = {kind: prices.price(region, kind) for kind, count in counts.items() if count}
    unpriced = tuple(kind for kind, price in kind_prices.items() if price is None)
    known = {kind: price for kind, price in kind_prices.items() if price is not None}
    ungrouped = None
    if not unpriced:
        ungrouped = sum((known[kind].monthly * counts[kind] for kind in known), Decimal(0))
    return Cost(
        load_balancer_count=len(balancers),
        monthly_usd=_total(lb.monthly_usd for lb in balancers),
        ungrouped_count=sum(counts.values()),
        ungrouped_monthly_usd=ungrouped,
        saving_monthly_usd=_saving(balancers, counts[ALB], known.get(ALB)),
        prices=prices,
        unpriced=unpriced,
        missing_note=prices.missing_note(region, unpriced) if unpriced else None,
    )


def _total(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when any amount is unknown."""
    known = list(amounts)
    if any(amount is None for amount in known):
        return None
    return sum(_given(known), Decimal(0))


def _saving(
    balancers: Sequence[LoadBalancer], alb_apps: int, alb_price: Price | None
) -> Decimal | None:
    """What the ALBs that IngressGroups spare cost a month; None when that needs a missing price."""
    spared = alb_apps - sum(lb.kind == ALB for lb in balancers)
    if not spared:
        return Decimal(0)
    return alb_price.monthly * spared if alb_price else None


def _given(values: Iterable[T | None]) -> Iterator[T]:
    return (value for value in values if value is not None)
