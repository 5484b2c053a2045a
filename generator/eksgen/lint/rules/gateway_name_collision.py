"""EKS208 gateway-name-collision: two Gateway API objects of one kind, namespace and name.

eksgen names a Gateway and its LoadBalancerConfiguration after its App, or after its
IngressGroup when the group's members share it; the redirect route after the Gateway with
-redirect; routes and TargetGroupConfigurations after their App, and the route and
ListenerRuleConfiguration of a route's own (its more hosts, its action's settings) after
the App with -rule-N. A group named like an App
of its namespace, or an App named like a Gateway's redirect route, gives two objects one
name: the second would replace the first.

FAIL: group web placed in namespace shop, beside an App web in shop with its own Gateway
PASS: group web-shared
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App
from eksgen.spec.path import FieldPath

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

ID = "EKS208"
NAME = "gateway-name-collision"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the second object of one kind, namespace and name replaces the first"
SCOPE = "all"
FIX = "Rename the IngressGroup (exposure.group.name) or the App."

SOURCE = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/"

Key = tuple[str, str, str]  # kind, namespace, name


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag the App whose objects take a name another App's object already has.

    The objects named after an App come first, so that a group's shared objects are the
    ones reported, at the group's name.
    """
    if not any(app.uses_gateway for app in apps):
        return
    owners: dict[Key, tuple[App, FieldPath]] = {}
    clashes: dict[tuple[int, FieldPath], tuple[App, list[str], App, FieldPath]] = {}
    for key, app, path, _ in sorted(_names(apps), key=lambda item: item[3]):
        other, other_path = owners.setdefault(key, (app, path))
        if other is not app:
            entry = clashes.setdefault((id(app), path), (app, [], other, other_path))
            entry[1].append(f"{key[0]} {key[1]}/{key[2]}")
    for (_, path), (app, objects, other, other_path) in clashes.items():
        message = (
            f"would make {' and '.join(objects)}, which {other.namespace}/{other.name} "
            f"({where(other, other_path)}) makes too"
        )
        yield Finding(app, path, message)


def _names(apps: Sequence[App]) -> Iterator[tuple[Key, App, FieldPath, int]]:
    """(object, its App, the field it is named by, 1 for a group's shared objects, else 0)."""
    from eksgen.model.gateways import gateways, is_alb  # only when an App uses the Gateway API

    for gateway in gateways(list(apps)):
        app, shared = gateway.primary, int(gateway.group is not None)
        path: FieldPath = ("spec", "exposure", "group", "name") if shared else ("metadata", "name")
        for kind in ("Gateway", "LoadBalancerConfiguration"):
            yield (kind, gateway.namespace, gateway.name), app, path, shared
        if gateway.redirect_port is not None:
            yield ("HTTPRoute", gateway.namespace, f"{gateway.name}-redirect"), app, path, shared
        for member in gateway.members:
            own: FieldPath = ("metadata", "name")
            if is_alb(gateway):
                yield ("HTTPRoute", member.namespace, member.name), member, own, 0
                yield from _rule_objects(member)
            yield ("TargetGroupConfiguration", member.namespace, member.name), member, own, 0


def _rule_objects(app: App) -> Iterator[tuple[Key, App, FieldPath, int]]:
    """The HTTPRoute and ListenerRuleConfiguration a route of its own needs, named -rule-N."""
    from eksgen.model.gateways import (
        needs_app_rule_configuration,
        needs_rule_configuration,
        route_hosts,
        rule_object_name,
    )

    own: FieldPath = ("metadata", "name")
    if needs_app_rule_configuration(app):
        yield ("ListenerRuleConfiguration", app.namespace, app.name), app, own, 0
    if app.exposure.backend_protocol_version == "GRPC":
        return
    for index, route in enumerate(app.routes):
        path: FieldPath = ("spec", "routes", index)
        name = rule_object_name(app, index)
        if route_hosts(route):
            yield ("HTTPRoute", app.namespace, name), app, path, 0
        if needs_rule_configuration(app, route):
            yield ("ListenerRuleConfiguration", app.namespace, name), app, path, 0
