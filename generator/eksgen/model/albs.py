"""Which ALB each App lands on: its IngressGroup, members in the controller's order, or its own.

The AWS Load Balancer Controller turns every IngressGroup (all Ingresses naming the same
``group.name``, in any namespace) into one ALB, and every other Ingress into an ALB of its
own. The rules that count or compare what shares an ALB run on every check, so this module
stays small: the shared settings and their conflicts (eksgen.model.groups) are imported
where a group has members to compare.
"""

from __future__ import annotations

from collections.abc import Iterable

from eksgen.model.app import ALB, App
from eksgen.model.defaults import CONTROLLER_GROUP_ORDER


def member_id(app: App) -> str:
    """How the controller names a member, and an implicit group: namespace/name."""
    return f"{app.namespace}/{app.name}"


def alb_groups(apps: Iterable[App]) -> list[tuple[str, str | None, list[App]]]:
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
    given = group.order if group is not None else None
    order = CONTROLLER_GROUP_ORDER if given is None else given
    return (order, member_id(app))
