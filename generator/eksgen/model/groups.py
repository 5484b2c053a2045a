"""IngressGroups: which Apps share an ALB, and the settings on which they disagree.

The AWS Load Balancer Controller turns every IngressGroup (all Ingresses naming the same
``group.name``, in any namespace) into one ALB, and every other Ingress into an ALB of its
own. ``alb_groups`` (eksgen.model.albs) merges the Apps the way the controller merges their
Ingresses, members in the controller's order (reference: aws-load-balancer-controller §3);
``group_conflicts`` finds the settings on which the members of one group disagree, each
member's side located at the field of its spec that the value comes from. Which settings
the members share, and how the controller merges each, is the table of
eksgen.model.group_settings: every shared annotation an eksgen Ingress can carry,
generated or passed through metadata.annotations, is compared by the same code.

Severity of a conflict: ``error`` when the group will not work as the specs say (the
controller stops reconciling the whole group, or a member's traffic never reaches it);
``warning`` when it works but deserves a look.

``plan`` builds the ALBs of ``eksgen plan`` from these groups and lists their conflicts;
the rules EKS201 and EKS202 report the same conflicts at the fields of the specs, and import
this module only when an App is in an IngressGroup. Nothing here imports prices or subnet
and capacity planning: validating should not pay for the planner. Pure: no printing, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from eksgen.errors import Severity
from eksgen.model.albs import alb_groups as alb_groups  # named here too, beside its conflicts
from eksgen.model.albs import member_id
from eksgen.model.app import App
from eksgen.model.controller import INGRESS_PREFIX
from eksgen.model.group_settings import GROUP_SETTINGS, GroupSetting, Merge, group_setting
from eksgen.model.group_values import (
    Given,
    ingress_values,
    listener_key_port,
    pairs,
    port_value,
    read_value,
)
from eksgen.model.listeners import HTTP_PORT, alb_listeners, ssl_redirect_port
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath, format_path

_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
_STOPS = "the controller stops reconciling every member of the group"
T = TypeVar("T")


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


def group_conflicts(group: str, members: list[App]) -> list[Conflict]:
    """The conflicts of one IngressGroup, its members in the controller's order."""
    values = [(app, ingress_values(app)) for app in members]
    found: list[Conflict | None] = []
    for setting in GROUP_SETTINGS.values():
        found += _setting_conflicts(group, setting, values)
    found += _family_conflicts(group, values)
    found += [_cidrs_widen(group, sharing, where) for where, sharing in _listeners(members)]
    found += [_redirect_drops_http(group, members), *_order_ties(group, members)]
    found += _duplicate_routes(group, members)
    return [conflict for conflict in found if conflict is not None]


def conflict_key(conflict: Conflict) -> tuple[str, int, str, str]:
    """How a report sorts conflicts: by group, errors first, then setting and message."""
    rank = 0 if conflict.severity is _ERROR else 1
    return (conflict.group, rank, conflict.setting, conflict.message)


def unique(items: Iterable[T]) -> tuple[T, ...]:
    """Items without repeats, first occurrence kept (the controller merges lists this way)."""
    return tuple(dict.fromkeys(items))


# ---- shared settings, as eksgen.model.group_settings says the controller merges them ----

Values = list[tuple[App, dict[str, Given]]]


def _exposure(*parts: str) -> FieldPath:
    return ("spec", "exposure", *parts)


_REDIRECT: FieldPath = ("spec", "tls", "redirectHttp")
_ABSENT = "(not set)"


def _setting_conflicts(group: str, setting: GroupSetting, values: Values) -> list[Conflict | None]:
    """The conflicts of one shared setting among the members that set it."""
    name = setting.suffix
    if setting.merge is Merge.GROUP:
        given = _given(values, name, setting)
        return [_disagree(group, name, setting, _absent_after_first(given, values, setting))]
    if setting.merge is Merge.PER_KEY:
        return _per_key(group, name, setting, values)
    if setting.merge is Merge.LISTENER:
        return [
            _disagree(group, f"{name} {protocol}:{port}", setting, sides)
            for protocol, port, sides in _per_listener(values, name, setting)
        ]
    return []  # UNION: merged, nothing conflicts; LISTENER_KEY: see _family_conflicts


def _given(values: Values, name: str, setting: GroupSetting) -> list[tuple[App, FieldPath, str]]:
    """(member, where, value as the controller compares it) for each member that sets it."""
    return [
        (app, given.path, read_value(setting, given.text))
        for app, settings in values
        if (given := settings.get(name)) is not None
    ]


def _absent_after_first(
    given: list[tuple[App, FieldPath, str]], values: Values, setting: GroupSetting
) -> list[tuple[App, FieldPath, str]]:
    """With absent_conflicts, a member after the first setter that does not set it counts."""
    if not setting.absent_conflicts or not given:
        return given
    first = next(index for index, (app, _) in enumerate(values) if app is given[0][0])
    setters = {id(app): (app, path, value) for app, path, value in given}
    path = ("metadata", "annotations", INGRESS_PREFIX + setting.suffix)
    return [setters.get(id(app), (app, path, _ABSENT)) for app, _ in values[first:]]


def _per_key(group: str, name: str, setting: GroupSetting, values: Values) -> list[Conflict | None]:
    """A map merged over the members: one value per key (tags, load balancer attributes)."""
    by_key: dict[str, list[tuple[App, FieldPath, str]]] = {}
    for app, settings in values:
        given = settings.get(name)
        if given is not None:
            for key, value in pairs(given.text).items():
                by_key.setdefault(key, []).append((app, given.path_of(key), value))
    return [
        _disagree(group, f"{name} {key}", setting, sides) for key, sides in sorted(by_key.items())
    ]


def _per_listener(
    values: Values, name: str, setting: GroupSetting
) -> list[tuple[str, int, list[tuple[App, FieldPath, str]]]]:
    """For each listen port: the members on it that carry the setting, with their values.

    The port's protocol is the first member's, as in the controller's merge.
    """
    found = []
    for port, protocols in _ports(values):
        sides = []
        for app, settings in values:
            own, given = protocols.get(id(app)), settings.get(name)
            if own is None or given is None or (setting.protocols and own not in setting.protocols):
                continue
            value = port_value(setting, given.text, port)
            if value is not None:
                sides.append((app, given.path, value))
        found.append((next(iter(protocols.values())), port, sides))
    return found


def _ports(values: Values) -> list[tuple[int, dict[int, str]]]:
    """Each listen port of the group, with each member's protocol on it (by id of the App)."""
    ports: dict[int, dict[int, str]] = {}
    for app, _ in values:
        for protocol, port in alb_listeners(app):
            ports.setdefault(port, {})[id(app)] = protocol
    return sorted(ports.items())


def _family_conflicts(group: str, values: Values) -> list[Conflict | None]:
    """listener-attributes.<protocol>-<port>: one value per key among the listener's members."""
    found: list[Conflict | None] = []
    names = sorted(
        {name for _, settings in values for name in settings if name not in GROUP_SETTINGS}
    )
    for name in names:
        setting = group_setting(name)
        listener = None if setting is None else listener_key_port(setting, name)
        if setting is None or listener is None:
            continue
        on_listener = [
            (app, settings) for app, settings in values if listener in alb_listeners(app)
        ]
        found += _per_key(group, name, setting, on_listener)
    return found


def _disagree(
    group: str, name: str, setting: GroupSetting, given: list[tuple[App, FieldPath, str]]
) -> Conflict | None:
    """An error when the members that give a value do not all give the same one.

    Members that leave it unset do not conflict: the value set elsewhere applies to them.
    """
    if len({value for _, _, value in given}) < 2:
        return None
    error = f" ('{setting.error}')" if setting.error else ""
    message = f"members {setting.what}{error}: {_STOPS}"
    sides = tuple(_side(app, path, value) for app, path, value in given)
    return Conflict(group, name, _ERROR, message, sides)


def _listeners(members: list[App]) -> list[tuple[str, list[App]]]:
    """('HTTP:80', the members listening there) for every listener of the group."""
    ports = sorted({listener for app in members for listener in alb_listeners(app)})
    return [
        (f"{protocol}:{port}", [app for app in members if (protocol, port) in alb_listeners(app)])
        for protocol, port in ports
    ]


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
    redirecting = [app for app in members if ssl_redirect_port(app) is not None]
    http_only = [app for app in members if alb_listeners(app) == [("HTTP", HTTP_PORT)]]
    if not redirecting or not http_only:
        return None
    message = (
        "ssl-redirect from one member applies to the whole ALB: every HTTP listener answers "
        "with a redirect to HTTPS, so the HTTP-only members "
        f"({', '.join(member_id(a) for a in http_only)}) are never served"
    )
    sides = [_side(app, _REDIRECT, f"redirect to {ssl_redirect_port(app)}") for app in redirecting]
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
            for listener in alb_listeners(app):
                routed.setdefault((host, path), {}).setdefault(listener, []).append((app, where))
    found = []
    for (host, path), by_listener in sorted(routed.items()):
        clash = [entry for entries in by_listener.values() if len(entries) > 1 for entry in entries]
        label = f"{host}{path}" if host != "*" else f"{path} (any host)"
        sides = unique(_side(app, where, label) for app, where in clash)
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
