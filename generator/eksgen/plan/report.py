"""Text and JSON forms of a Plan, for `eksgen plan`.

The text form is made of rich tables rendered into a string at a fixed width, with no
colour and no terminal codes, so that the same plan prints the same bytes everywhere (and
can be compared in CI). rich is imported only here, when a text report is asked for.
"""

from __future__ import annotations

import io
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from eksgen.model.app import Waf
from eksgen.model.groups import Conflict
from eksgen.plan.build import DnsRecord, Listener, LoadBalancer, Plan
from eksgen.plan.json_model import plan_dict
from eksgen.plan.pricing import HOURS_PER_MONTH, KINDS, USAGE_UNITS

if TYPE_CHECKING:
    from rich.console import Console

WIDTH = 120


def json_report(plan: Plan) -> str:
    """The plan as JSON: camelCase keys, sorted, indented by 2, with a final newline."""
    return json.dumps(plan_dict(plan), indent=2, sort_keys=True) + "\n"


def text_report(plan: Plan) -> str:
    """The plan as aligned tables and lines of text, identical on every run and machine."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=WIDTH,
        no_color=True,
        force_terminal=False,
        color_system=None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    _load_balancers(console, plan)
    _external_target_groups(console, plan)
    _conflicts(console, plan.conflicts)
    _dns(console, plan.dns_records)
    _cost(console, plan)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    text = "\n".join(lines).strip("\n") + "\n"
    return text + _node_groups(plan)


def _node_groups(plan: Plan) -> str:
    """Pod-IP headroom per node group, as eksgen capacity prints it."""
    if not plan.node_groups:
        return ""
    from eksgen.capacity.report import plan_text

    return "\nPod IP headroom\n\n" + "\n".join(plan_text(group) for group in plan.node_groups)


def money(amount: Decimal | None) -> str:
    """USD rounded half up to cents, as a bill shows it: $16.43; "unknown" without a price."""
    if amount is None:
        return "unknown"
    return f"${amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def unit_price(amount: Decimal) -> str:
    """A price per unit as the price list gives it, not rounded: $0.008."""
    return f"${amount.normalize():f}"


def _load_balancers(console: Console, plan: Plan) -> None:
    """One block per load balancer: a title line, then its settings as label/value rows."""
    count = len(plan.load_balancers)
    console.print(f"Load balancers in {plan.region} ({plan.region_source}): {count}")
    for lb in plan.load_balancers:
        console.print()
        console.print(_lb_title(lb))
        _grid(console, _lb_rows(lb))


def _external_target_groups(console: Console, plan: Plan) -> None:
    """Target groups of load balancers made elsewhere: shown, neither counted nor priced.

    Printed only when an App binds one, so that other plans stay as they were.
    """
    groups = plan.external_target_groups
    if not groups:
        return
    console.print()
    console.print(
        f"Target groups of load balancers made outside Kubernetes (not priced): {len(groups)}"
    )
    for group in groups:
        console.print()
        console.print(f"Target group {group.name} ({group.region}, account {group.account})")
        rows = [
            ("app", f"{group.app} (Service port {group.service_port})"),
            ("targets", group.target_type),
            ("ARN", group.arn),
        ]
        _grid(console, rows)


def _grid(console: Console, rows: list[tuple[str, str]]) -> None:
    """Label/value rows, indented under a title, values folded at the console width."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(f"  {label}", value)
    console.print(grid)


def _lb_title(lb: LoadBalancer) -> str:
    what = "IngressGroup" if lb.group else "one Ingress" if lb.kind == "alb" else "one Service"
    return f"{lb.kind.upper()} {lb.name} ({what}): {_lb_cost(lb)}"


def _lb_cost(lb: LoadBalancer) -> str:
    """Base charge a month, and the usage price on top of it where the table gives one."""
    if lb.monthly_usd is None:
        return f"cost unknown (no {lb.kind} price for {lb.region})"
    usage = ""
    if lb.usage_usd is not None:
        usage = f" + {unit_price(lb.usage_usd)} per {lb.usage_unit} of usage"
    return f"{money(lb.monthly_usd)} a month{usage}"


def _lb_rows(lb: LoadBalancer) -> list[tuple[str, str]]:
    certificates = [f"{arn} (default)" if i == 0 else arn for i, arn in enumerate(lb.certificates)]
    if lb.discovered_for:
        certificates.append(f"discovered in ACM for {', '.join(lb.discovered_for)}")
    rows = [
        ("members", "\n".join(lb.members)),
        ("scheme", lb.scheme),
        ("listeners", "\n".join(_listener(listener) for listener in lb.listeners)),
        ("hostnames", "\n".join(lb.hostnames) or "-"),
        ("certificates", "\n".join(certificates) or "-"),
    ]
    if lb.load_balancer_name is not None:
        rows.append(("AWS name", lb.load_balancer_name))
    if lb.ip_address_type is not None:
        rows.append(("IP addresses", lb.ip_address_type))
    if lb.waf is not None:
        rows.append(("WAF", _waf(lb.waf)))
    if lb.shield_advanced is not None:
        rows.append(("Shield Advanced", "on" if lb.shield_advanced else "off"))
    signed_in = sorted({f"{rule.app} ({rule.auth})" for rule in lb.rules if rule.auth})
    if signed_in:
        rows.append(("sign-in", "\n".join(signed_in)))
    actions = _action_lines(lb)
    if actions:
        rows.append(("actions", "\n".join(actions)))
    return rows


def _action_lines(lb: LoadBalancer) -> list[str]:
    """Each rule that runs an action or has extra conditions, once per host and path."""
    lines: list[str] = []
    for rule in lb.rules:
        if rule.action is None and not rule.conditions:
            continue
        what = f"{rule.action[0]}: {rule.action[2]}" if rule.action else f"to {rule.service}"
        where = f"{rule.host or 'any host'}{rule.path}"
        line = f"{where} -> {what}" + "".join(f"; {item}" for item in rule.conditions)
        if line not in lines:
            lines.append(line)
    return lines


def _waf(waf: Waf) -> str:
    if waf.acl_name is not None:
        return f"web ACL named {waf.acl_name}"
    if waf.acl_arn is not None:
        return waf.acl_arn
    return "none (detached)"


def _listener(listener: Listener) -> str:
    text = f"{listener.protocol}:{listener.port}"
    if listener.redirect_to is not None:
        text += f" -> redirect to HTTPS:{listener.redirect_to}"
    if listener.ssl_policy is not None:
        text += f" ({listener.ssl_policy})"
    if listener.note is not None:
        text += f"; {listener.note}"
    return text


def _conflicts(console: Console, conflicts: tuple[Conflict, ...]) -> None:
    errors = sum(conflict.severity.value == "error" for conflict in conflicts)
    console.print()
    console.print(
        f"IngressGroup conflicts: {errors} error(s), {len(conflicts) - errors} warning(s)"
    )
    for conflict in conflicts:
        console.print(
            f"{conflict.severity.value}: group {conflict.group}: {conflict.setting}: "
            f"{conflict.message}"
        )
        for side in conflict.members:
            console.print(
                f"  {side.file}:{side.line}:{side.column}: {side.app}: {side.field}: {side.value}"
            )


def _dns(console: Console, records: tuple[DnsRecord, ...]) -> None:
    console.print()
    console.print(f"DNS records ExternalDNS will create: {len(records)} hostname(s)")
    for record in records:
        console.print()
        types = " + ".join(record.record_types)
        target = f"{record.load_balancer_kind.upper()} {record.load_balancer}"
        console.print(f"{record.hostname}: ALIAS {types} -> {target}")
        rows = [
            ("apps", "\n".join(record.apps)),
            ("ownership TXT", "\n".join(record.txt_records)),
        ]
        if record.ttl is not None:
            rows.append(("ttl", f"{record.ttl} (ignored: ALIAS records have no TTL of their own)"))
        rows += [("note", note) for note in record.notes]
        _grid(console, rows)


def _cost(console: Console, plan: Plan) -> None:
    cost = plan.cost
    console.print()
    console.print(
        f"Monthly base cost: {money(cost.monthly_usd)} for {cost.load_balancer_count} load "
        f"balancer(s) (hourly price x {HOURS_PER_MONTH} h)"
    )
    saving = cost.saving_monthly_usd
    console.print(
        f"Without IngressGroups: {money(cost.ungrouped_monthly_usd)} for "
        f"{cost.ungrouped_count} load balancer(s); IngressGroups save "
        + (f"{money(saving)} a month" if saving is not None else _UNKNOWN_SAVING)
    )
    usage = _usage_prices(plan)
    if usage:
        console.print(f"Usage on top, by traffic: {usage}")
    prices = cost.prices
    console.print(f"Prices: {prices.origin} (retrieved {prices.retrieved})")
    for note in plan.notes:
        console.print(f"note: {note}")


_UNKNOWN_SAVING = "an amount unknown without an ALB price"


def _usage_prices(plan: Plan) -> str:
    """The usage price of each kind of load balancer in the plan, or that it is unknown."""
    parts = []
    for kind in KINDS:
        balancer = next((lb for lb in plan.load_balancers if lb.kind == kind), None)
        if balancer is None:
            continue
        usage = balancer.usage_usd
        price = "price unknown"
        if usage is not None:
            price = f"{unit_price(usage)} per {USAGE_UNITS[kind]}"
        parts.append(f"{kind.upper()} {price}")
    return "; ".join(parts)
