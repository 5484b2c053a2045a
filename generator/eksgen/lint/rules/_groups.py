"""Helpers of the cross-spec load balancer rules (EKS201-EKS205).

Which load balancer an App lands on, and the IngressGroup conflicts of eksgen.model.groups mapped
back to the specs and fields they come from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import ALB, NLB, App
from eksgen.model.groups import Conflict, ConflictMember, alb_groups, group_conflicts, member_id
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath, format_path
from eksgen.spec.yamltext import describe as yaml_value

# AWS quota "Rules per Application Load Balancer (excluding default rules)": 100.
RULES_PER_ALB = 100
_PART = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def load_balancer_key(app: App) -> tuple[str, str] | None:
    """The load balancer an App is served by: its IngressGroup, its own ALB, or its NLB.

    None for an App without a load balancer (exposure none).
    """
    if app.exposure.type == ALB:
        group = app.exposure.group
        return ("group", group.name) if group is not None else ("alb", member_id(app))
    if app.exposure.type == NLB:
        return ("nlb", member_id(app))
    return None


def rule_count(app: App) -> int:
    """Listener rules an App's Ingress makes: one per host and route (routes alone if no host)."""
    return max(len(app.hosts), 1) * len(app.routes)


def describe(key: tuple[str, str]) -> str:
    """How a message names a load balancer, seen from the App on it."""
    kind, name = key
    if kind == "group":
        return f"the ALB of IngressGroup {name}"
    return "its own ALB" if kind == "alb" else "its NLB"


@dataclass(frozen=True)
class Side:
    """One member's side of a conflict: the App and the field its value comes from."""

    app: App
    path: FieldPath
    value: str


@dataclass(frozen=True)
class GroupFinding:
    """A conflict to report at `this` (a later member), naming `first` (the earlier one)."""

    conflict: Conflict
    first: Side
    this: Side


def group_findings(apps: Sequence[App], severity: Severity) -> Iterator[GroupFinding]:
    """Every IngressGroup conflict of the severity, as eksgen plan finds them.

    The conflict is reported at the first member (in the controller's order) whose value
    differs from the first member's (or, when all values read the same, the next member).
    """
    for name, group, members in alb_groups(apps):
        if group is None or sum(rule_count(member) for member in members) > RULES_PER_ALB:
            # Over the rule limit, EKS205 refuses the group; comparing its members' host and
            # path pairs would take time in their product, not in the size of the specs.
            continue
        for conflict in group_conflicts(name, members):
            if conflict.severity is not severity:
                continue
            sides = [_side(member, members) for member in conflict.members]
            first, *others = sides
            others = [side for side in others if side.app is not first.app]
            if not others:
                continue
            differing = [side for side in others if side.value != first.value]
            yield GroupFinding(conflict, first, (differing or others)[0])


def _side(member: ConflictMember, apps: list[App]) -> Side:
    path = parse_path(member.field)
    for app in apps:
        if (member_id(app), app.file) == (member.app, member.file) and locate(
            app.document, path
        ) == (member.line, member.column):
            return Side(app, path, member.value)
    raise LookupError(f"no member {member.app} at {member.file}:{member.line}")


def parse_path(text: str) -> FieldPath:
    """The field path that format_path printed as text (spec.hosts[0], a["b.c"])."""
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        match = _PART.match(text, position)
        if match is None or match.end() == position:
            raise ValueError(f"not a field path: {text!r}")
        key, index, quoted = match.groups()
        if index is not None:
            parts.append(int(index))
        else:
            parts.append(key if key is not None else json.loads(quoted))
        position = match.end()
    path = tuple(parts)
    if format_path(path) != text:
        raise ValueError(f"not a field path: {text!r}")
    return path


def findings(found: Iterator[GroupFinding]) -> Iterator[Finding]:
    """One finding per field: conflicts on the same field of one App share one message."""
    seen: dict[tuple[int, tuple[str | int, ...]], list[GroupFinding]] = {}
    for item in found:
        seen.setdefault((id(item.this.app), item.this.path), []).append(item)
    for items in seen.values():
        first = items[0]
        message = message_of(first)
        if len(items) > 1:
            message += f" (also: {', '.join(item.conflict.setting for item in items[1:])})"
        yield Finding(first.this.app, first.this.path, message)


def message_of(item: GroupFinding) -> str:
    """What the conflict is, with the first member's value and where it is set."""
    conflict, first, this = item.conflict, item.first, item.this
    place = where(first.app, first.path)
    values = (
        f"{yaml_value(first.value)} there, {yaml_value(this.value)} here"
        if first.value != this.value
        else ""
    )
    detail = f" ({values})" if values else ""
    return (
        f"IngressGroup {conflict.group!r}, {conflict.setting}: conflicts with "
        f"{first.app.namespace}/{first.app.name} at {place}{detail}: {conflict.message}"
    )
