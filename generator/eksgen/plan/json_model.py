"""The JSON form of a Plan, for ``eksgen plan --output json``.

camelCase keys, every amount in USD as a JSON number (exact decimal prices, not rounded to
cents) or null where the price table has no price, and every key documented: ``JSON_KEYS``
lists them with their meaning, and ``json_keys_doc()`` renders that list as the Markdown
table of the README, which a test keeps in step with the data. ``plan_report`` turns the
data into text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eksgen.capacity import NodeGroupPlan, variants_dict
from eksgen.model import facts
from eksgen.model.app import ALB
from eksgen.model.controller import INGRESS_PREFIX
from eksgen.model.groups import Conflict
from eksgen.plan.build import Cost, DnsRecord, LoadBalancer, NodeGroupPods, Plan
from eksgen.plan.pricing import HOURS_PER_MONTH
from eksgen.plan.rules import Rule


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data with camelCase keys (see json_keys_doc)."""
    return {
        "region": plan.region,
        "regionSource": plan.region_source,
        "loadBalancers": [_lb_dict(lb) for lb in plan.load_balancers],
        "conflicts": [_conflict_dict(c) for c in plan.conflicts],
        "dnsRecords": [_record_dict(r) for r in plan.dns_records],
        "cost": _cost_dict(plan.cost),
        "nodeGroups": [
            _node_group_dict(group, pods)
            for group, pods in zip(plan.node_groups, plan.node_group_pods, strict=True)
        ],
        "errorCount": len(plan.errors),
        "warningCount": len(plan.warnings),
        "notes": list(plan.notes),
    } | _external_dict(plan)


def _external_dict(plan: Plan) -> dict[str, Any]:
    """externalTargetGroups, only when an App binds one: other plans keep their keys."""
    if not plan.external_target_groups:
        return {}
    groups = [
        {
            "arn": group.arn,
            "name": group.name,
            "region": group.region,
            "account": group.account,
            "targetType": group.target_type,
            "app": group.app,
            "servicePort": group.service_port,
        }
        for group in plan.external_target_groups
    ]
    return {"externalTargetGroups": groups}


def _usd(amount: Decimal | None) -> float | None:
    """USD as a JSON number: exact decimal prices, not rounded to cents; null when unknown."""
    return None if amount is None else float(amount)


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
                "note": listener.note,
            }
            for listener in lb.listeners
        ],
        "hostnames": list(lb.hostnames),
        "certificates": list(lb.certificates),
        "defaultCertificate": lb.certificates[0] if lb.certificates else None,
        "loadBalancerName": lb.load_balancer_name,
        # Unset, the controller's default (ipv4 for both kinds).
        "ipAddressType": lb.ip_address_type
        or facts.lbc.default(INGRESS_PREFIX + "ip-address-type"),
        "waf": _waf(lb),
        "shieldAdvanced": lb.shield_advanced,
        "region": lb.region,
        "hourlyUsd": _usd(lb.hourly_usd),
        "monthlyUsd": _usd(lb.monthly_usd),
        "usageUsd": _usd(lb.usage_usd),
        "usageUnit": lb.usage_unit,
        "rules": [_rule_dict(lb.kind, rule) for rule in lb.rules],
    }


def _waf(lb: LoadBalancer) -> dict[str, Any] | None:
    """The web ACL as a spec gives it: by ARN, by name, or detached (enabled: false)."""
    if lb.waf is None:
        return None
    if lb.waf.acl_name is not None:
        return {"aclName": lb.waf.acl_name}
    if lb.waf.acl_arn is not None:
        return {"aclArn": lb.waf.acl_arn}
    return {"enabled": False}


def _rule_dict(kind: str, rule: Rule) -> dict[str, Any]:
    """An ALB rule by host and path, an NLB rule by listener port: each to its Service port."""
    reached = {
        "app": rule.app,
        "service": rule.service,
        "port": rule.port,
        "targetPort": rule.target_port,
    }
    if kind == ALB:
        matched = {"host": rule.host, "path": rule.path, "pathType": rule.path_type}
        carried = {"listenerPorts": list(rule.listener_ports), "auth": rule.auth}
        extra = {"action": _action_dict(rule), "conditions": list(rule.conditions)}
        return matched | carried | reached | extra
    return {"protocol": rule.protocol} | reached


def _action_dict(rule: Rule) -> dict[str, str] | None:
    if rule.action is None:
        return None
    name, kind, summary = rule.action
    return {"name": name, "type": kind, "summary": summary}


def _node_group_dict(group: NodeGroupPlan, pods: NodeGroupPods) -> dict[str, Any]:
    """The node group as ``eksgen capacity --output json`` lists it, and more.

    More: its max pods with prefix delegation off and on, its other settings kept.
    """
    listed = group.as_dict()
    listed["capacity"] |= {"variants": variants_dict(pods.variants)}
    return listed | {
        "withoutPrefixDelegation": pods.without_prefix_delegation.max_pods_dict(),
        "withPrefixDelegation": pods.with_prefix_delegation.max_pods_dict(),
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
        "unpriced": list(cost.unpriced),
        "excludes": (
            "usage, per LCU-hour (ALB) or NLCU-hour (NLB): it depends on traffic; each load "
            "balancer gives its usageUsd"
        ),
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
    ("loadBalancers[].listeners[].protocol", "HTTP, HTTPS (ALB); TCP, UDP, TLS, TCP_UDP (NLB)"),
    ("loadBalancers[].listeners[].port", "listener port"),
    ("loadBalancers[].listeners[].sslPolicy", "TLS policy of an HTTPS or TLS listener, else null"),
    ("loadBalancers[].listeners[].redirectToPort", "HTTPS port an HTTP listener redirects to"),
    (
        "loadBalancers[].listeners[].note",
        "a Service port the listener leaves unserved (TCP and UDP on one port without "
        "TCP_UDP), else null",
    ),
    ("loadBalancers[].hostnames", "union of the members' hosts, sorted"),
    (
        "loadBalancers[].certificates",
        "ACM certificate ARNs given, merged without repeats (those the controller discovers "
        "by host for spec.tls without certificateArns are not known before it runs)",
    ),
    ("loadBalancers[].defaultCertificate", "the first certificate (the others are SNI)"),
    ("loadBalancers[].loadBalancerName", "the AWS name given in a spec, else null (generated)"),
    (
        "loadBalancers[].ipAddressType",
        "ipv4 (the controller's default), dualstack or dualstack-without-public-ipv4",
    ),
    (
        "loadBalancers[].waf",
        "the ALB's WAFv2 web ACL as the spec gives it ({aclArn}, {aclName} or "
        "{enabled: false}), else null (left as it is)",
    ),
    (
        "loadBalancers[].shieldAdvanced",
        "Shield Advanced on (true) or off (false), else null (left as it is)",
    ),
    ("loadBalancers[].region", "the plan's region"),
    (
        "loadBalancers[].hourlyUsd",
        "base price per hour, from the price table; null when it has none for the region",
    ),
    ("loadBalancers[].monthlyUsd", "hourlyUsd x 730, not rounded; null when hourlyUsd is"),
    (
        "loadBalancers[].usageUsd",
        "usage price on top, per usageUnit of traffic; null when the price table has none",
    ),
    ("loadBalancers[].usageUnit", "`LCU-hour` (ALB) or `NLCU-hour` (NLB)"),
    (
        "loadBalancers[].rules[]",
        "where the listeners send requests. ALB: one per member, host and path, in the order "
        "the controller numbers them (members in the group's order, hosts as listed, then "
        "Exact paths, Prefix paths longest first, ImplementationSpecific ones); NLB: one per "
        "listener, sorted by port",
    ),
    ("loadBalancers[].rules[].host", "ALB: the host the rule matches; null for any host"),
    ("loadBalancers[].rules[].path", "ALB: the path the rule matches"),
    ("loadBalancers[].rules[].pathType", "ALB: `Prefix`, `Exact` or `ImplementationSpecific`"),
    (
        "loadBalancers[].rules[].listenerPorts",
        "ALB: ports of the member's listeners that carry the rule; an HTTP listener carries "
        "none when the group redirects HTTP to HTTPS",
    ),
    (
        "loadBalancers[].rules[].protocol",
        "NLB: the listener's protocol (TCP, UDP, TLS, TCP_UDP)",
    ),
    (
        "loadBalancers[].rules[].auth",
        "ALB: the sign-in the rule asks for on HTTPS listeners (`oidc`, `cognito`), else null",
    ),
    ("loadBalancers[].rules[].app", "`namespace/app` whose Service the rule reaches"),
    ("loadBalancers[].rules[].service", "name of that Service; null when the rule reaches none"),
    (
        "loadBalancers[].rules[].port",
        "the Service port reached (an NLB listener's own port); null when none is",
    ),
    ("loadBalancers[].rules[].targetPort", "the container port behind it, a number or a name"),
    (
        "loadBalancers[].rules[].action",
        "ALB: the spec.actions entry the rule runs, `{name, type, summary}` (type `forward`, "
        "`redirect` or `fixed-response`), else null",
    ),
    (
        "loadBalancers[].rules[].conditions[]",
        "ALB: the route's extra conditions, one line each",
    ),
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
    ("cost.monthlyUsd", "their base charges per month; null when one has no price"),
    ("cost.withoutGroups", "the same Apps with every alb App on an ALB of its own"),
    ("cost.withoutGroups.loadBalancerCount", "load balancers if every alb App had its own ALB"),
    ("cost.withoutGroups.monthlyUsd", "their base charges per month; null when one has no price"),
    (
        "cost.savingMonthlyUsd",
        "withoutGroups.monthlyUsd - monthlyUsd (the ALBs spared); null without an ALB price",
    ),
    (
        "cost.unpriced",
        "kinds of load balancer (`alb`, `nlb`) the plan has but the price table has no price "
        "for in the region; `notes` says how to add them",
    ),
    ("cost.excludes", "the usage charges left out of the sums"),
    ("cost.prices", "the price table used"),
    ("cost.prices.source", "provenance of the price table"),
    ("cost.prices.retrieved", "when its figures were collected"),
    ("cost.prices.origin", "the bundled table, or the path of the price file given"),
    (
        "nodeGroups[]",
        "pod-IP headroom per node group of the Cluster spec, as `eksgen capacity --output json` "
        "lists them under `nodeGroups` (with `capacity.variants`), plus "
        "`withoutPrefixDelegation` and `withPrefixDelegation`",
    ),
    (
        "nodeGroups[].capacity.variants",
        "max pods of the instance type under the standard settings (`secondaryIp`, "
        "`prefixDelegation`, `customNetworking`, `customNetworkingPrefixDelegation`), each "
        "with `maxPods` and `maxPodsUncapped`",
    ),
    (
        "nodeGroups[].withoutPrefixDelegation",
        "`maxPods` and `maxPodsUncapped` under the node group's own settings (custom "
        "networking, security groups for pods) with prefix delegation off",
    ),
    (
        "nodeGroups[].withPrefixDelegation",
        "the same with prefix delegation on: the one of the two that matches "
        "`capacity.prefixDelegation` is the capacity in force",
    ),
    ("errorCount", "conflicts of severity error"),
    ("warningCount", "conflicts of severity warning"),
    (
        "externalTargetGroups[]",
        "present only when an App has targetGroupBindings: one entry per bound target group of "
        "a load balancer made outside Kubernetes (not in loadBalancers, not priced), sorted by "
        "app, then name",
    ),
    ("externalTargetGroups[].arn", "the target group's ARN"),
    ("externalTargetGroups[].name", "the target group's name (from the ARN)"),
    ("externalTargetGroups[].region", "the target group's region (from the ARN)"),
    ("externalTargetGroups[].account", "the AWS account that owns it (from the ARN)"),
    ("externalTargetGroups[].targetType", "`ip` (pod IPs) or `instance` (nodes at the NodePort)"),
    ("externalTargetGroups[].app", "`namespace/app` whose Service is bound"),
    ("externalTargetGroups[].servicePort", "the Service port whose endpoints are registered"),
    (
        "notes",
        "facts that apply to the whole plan; first, when a price is missing, how to add it "
        "with `--prices FILE`",
    ),
)


def json_keys_doc() -> str:
    """The JSON keys of plan_dict as a Markdown table, ready for the README."""
    rows = [f"| `{key}` | {meaning} |" for key, meaning in JSON_KEYS]
    return "\n".join(["| key | meaning |", "|---|---|", *rows]) + "\n"
