"""Which Gateway each App asks for, with which listeners: the Gateway API's load balancers.

An App whose exposure.api is gateway gets its load balancer from a Gateway instead of an
Ingress or a Service of type LoadBalancer. The listeners come from the one derivation of
eksgen.model.listeners, so that the same spec gives the same listeners through either API:

- alb: one Gateway per App, or one per IngressGroup (group.name) shared by its members,
  in the namespace of its first member in the controller's order (the controller's
  migration tool places a group's Gateway so: pkg/ingress2gateway/translate/group.go,
  v3.5.0). Its listeners are the union of the members' (HTTP:80, HTTPS:443); when a member
  redirects HTTP to HTTPS, the redirect holds for the whole Gateway, as ssl-redirect does
  for an IngressGroup, and every member's route attaches to HTTPS alone.
- nlb: one Gateway per App, a listener per Service port: TLS where the NLB terminates TLS
  (nlb_tls_ports), else the port's protocol (TCP or UDP).

Pure: no rendering, no I/O.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from eksgen.model.actions import FIXED_RESPONSE, REDIRECT, REDIRECT_PARTS
from eksgen.model.albs import alb_groups
from eksgen.model.app import ALB, NLB, App, Port, Route
from eksgen.model.facts.gateway import section_name
from eksgen.model.listeners import Listener, alb_listeners, nlb_port_protocol, ssl_redirect_port


class Section(NamedTuple):
    """One Gateway listener: its name (what a route's sectionName names), protocol and port."""

    name: str
    protocol: str
    port: int


class Gateway(NamedTuple):
    """One Gateway: one load balancer, and the Apps whose routes attach to it.

    members are in the controller's order (group.order, then namespace/name); the first
    one's namespace holds the Gateway, unless a member's group.namespace names another.
    redirect_port: the HTTPS port HTTP redirects to.
    """

    name: str
    namespace: str
    type: str
    group: str | None
    members: tuple[App, ...]
    sections: tuple[Section, ...]
    redirect_port: int | None = None

    @property
    def primary(self) -> App:
        """The member whose namespace and folder hold the Gateway."""
        return self.members[0]

    @property
    def folder(self) -> str:
        """The -o DIR folder of its objects: its first member's, or its own in another namespace."""
        return self.primary.name if self.primary.namespace == self.namespace else self.name

    @property
    def namespaces(self) -> tuple[str, ...]:
        """The members' namespaces, sorted, without repeats."""
        return tuple(sorted({app.namespace for app in self.members}))

    def section(self, protocol: str, port: int) -> Section:
        """The listener of this protocol and port."""
        return next(s for s in self.sections if (s.protocol, s.port) == (protocol, port))


def gateways(apps: list[App]) -> list[Gateway]:
    """Every Gateway the Apps that use the Gateway API ask for, in a stable order."""
    chosen = [app for app in apps if app.uses_gateway]
    found = [_alb_gateway(name, group, members) for name, group, members in alb_groups(chosen)]
    found += [_nlb_gateway(app) for app in chosen if app.exposure.type == NLB]
    return sorted(found, key=lambda gateway: (gateway.namespace, gateway.name, gateway.type))


def _alb_gateway(name: str, group: str | None, members: list[App]) -> Gateway:
    listeners: list[Listener] = []
    for app in members:
        listeners += [item for item in alb_listeners(app) if item not in listeners]
    redirect_ports = [port for app in members if (port := ssl_redirect_port(app)) is not None]
    sections = tuple(Section(section_name(*item), *item) for item in sorted(listeners, key=_rank))
    primary = members[0]
    given = (m.exposure.group.namespace for m in members if m.exposure.group is not None)
    return Gateway(
        name=group or primary.name,
        namespace=next((namespace for namespace in given if namespace), primary.namespace),
        type=ALB,
        group=group,
        members=tuple(members),
        sections=sections,
        redirect_port=redirect_ports[0] if redirect_ports else None,
    )


def _rank(listener: Listener) -> tuple[int, str]:
    return listener[1], listener[0]


def member_sections(gateway: Gateway, app: App) -> list[Section]:
    """The listeners an ALB member's route attaches to: HTTPS alone when HTTP redirects."""
    if gateway.redirect_port is not None:
        return [gateway.section("HTTPS", gateway.redirect_port)]
    return [gateway.section(*item) for item in alb_listeners(app)]


def _nlb_gateway(app: App) -> Gateway:
    sections = tuple(nlb_section(app, port) for port in app.ports)
    return Gateway(app.name, app.namespace, NLB, None, (app,), sections)


def nlb_section(app: App, port: Port) -> Section:
    """The NLB listener of one Service port: TLS where TLS is terminated, else its protocol."""
    protocol = nlb_port_protocol(app, port)
    return Section(section_name(protocol, port.port), protocol, port.port)


def gateway_of(gateways_found: list[Gateway], app: App) -> Gateway | None:
    """The Gateway an App's routes attach to."""
    return next((gateway for gateway in gateways_found if app in gateway.members), None)


def is_alb(gateway: Gateway) -> bool:
    """Whether the Gateway is an ALB's (HTTPRoutes) rather than an NLB's (L4 routes)."""
    return gateway.type == ALB


def is_grpc(app: App) -> bool:
    """Whether the App's backend speaks gRPC: its route is a GRPCRoute."""
    return app.exposure.backend_protocol_version == "GRPC"


def grpc_method(path: str, path_type: str) -> dict[str, str] | None:
    """The GRPCRoute method match of an App's path; None: no method match says the same.

    The controller turns a service match into the path pattern /service/* and a service
    and method into /service/method (buildGrpcMethodCondition in
    pkg/gateway/routeutils/route_rule_condition.go, v3.5.0): the Prefix path /service and
    the Exact path /service/method, which gRPC requests (POST /service/method) match alike.
    The names are the GRPCRoute CRD's (gateway-api v1.6.1: GRPCMethodMatch, type Exact).
    """
    parts = path.split("/")
    if path_type == "Prefix" and len(parts) == 2 and GRPC_SERVICE.fullmatch(parts[1]):
        return {"service": parts[1]}
    exact = path_type in ("Exact", "ImplementationSpecific") and len(parts) == 3
    if exact and GRPC_SERVICE.fullmatch(parts[1]) and GRPC_METHOD.fullmatch(parts[2]):
        return {"service": parts[1], "method": parts[2]}
    return None


# The GRPCRoute CRD's patterns of an Exact service and method (gateway-api v1.6.1).
GRPC_SERVICE = re.compile(r"\.?[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*")
GRPC_METHOD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


def rule_object_name(app: App, index: int) -> str:
    """The name of route index's own objects: its hosts' HTTPRoute, its rule configuration."""
    return f"{app.name}-rule-{index + 1}"


def route_hosts(route: Route) -> tuple[str, ...]:
    """The more hosts a route's conditions name, which put its rule into a route of its own."""
    return tuple(host for c in route.conditions if c.key == "hosts" for host in c.values)


def host_route_hosts(app: App, route: Route) -> tuple[str, ...]:
    """The hostnames of a route's own HTTPRoute <app>-rule-N (none: it has no such route).

    The more hosts its conditions name that the App's own do not, in lower case (the
    Gateway API's hostnames are; the ALB matches hosts in any case), each once.
    """
    own = {host.lower() for host in app.hosts}
    return tuple(
        dict.fromkeys(host.lower() for host in route_hosts(route) if host.lower() not in own)
    )


def in_app_route(app: App, route: Route) -> bool:
    """Whether a route's rule is in the App's HTTPRoute (hostnames: the App's hosts).

    It always is, but for a route whose conditions add hosts to an App without any: the
    Ingress rule then matches those hosts alone, which its own HTTPRoute names.
    """
    return bool(app.hosts) or not route_hosts(route)


def needs_rule_configuration(app: App, route: Route) -> bool:
    """Whether a route's rule needs a ListenerRuleConfiguration of its own.

    It does for source IPs, a fixed response, a redirect's query other than #{query}, and
    a forward's stickiness: what only that object says (render/gateway_actions.py).
    """
    if any(condition.key == "sourceIps" for condition in route.conditions):
        return True
    action = app.action(route.action)
    if action is None:
        return False
    if action.kind == FIXED_RESPONSE:
        return True
    if action.kind == REDIRECT:
        return action.setting("query") not in (None, REDIRECT_PARTS["query"])
    return action.stickiness_seconds is not None


SIGN_IN_TYPES = ("oidc", "cognito")  # auth.type that an authenticate-* action says


def needs_app_rule_configuration(app: App) -> bool:
    """Whether the App's rules name a ListenerRuleConfiguration of the App's (named after it).

    They do for sign-in, and for tags: the Ingress controller tags an Ingress's listener
    rules with its tags (buildListenerRuleTags in pkg/ingress/model_build_listener_rules.go,
    v3.5.0), the Gateway controller with a rule's ListenerRuleConfiguration's alone
    (getListenerRuleTags in pkg/gateway/model/gateway_tag_helper.go).
    """
    auth = app.exposure.auth
    return (auth is not None and auth.type in SIGN_IN_TYPES) or bool(app.exposure.tags)


def match_count(route: Route) -> int:
    """The matches of a route's HTTPRoute rule (render/gateway_actions.py writes them).

    More paths add a match per value to each; methods, query strings and header regular
    expressions make one match per value of each; header values share one match.
    """
    count = 1
    for condition in route.conditions:
        if condition.key == "paths":
            count *= 1 + len(condition.values)
        elif condition.key in ("methods", "queryStrings") or (
            condition.key == "header" and condition.regex
        ):
            count *= len(condition.values)
    return count


def gateway_rule_count(app: App) -> int:
    """The listener rules an ALB App's HTTPRoutes make: a rule per match and hostname.

    The controller makes an ALB rule of each match for each of the route's hostnames (one
    without hostnames: pkg/gateway/routeutils/route_rule_precedence.go, v3.5.0); a route's
    more hosts add the rule's matches for each of them (its HTTPRoute <app>-rule-N).
    """
    total = 0
    for route in app.routes:
        matches = match_count(route)
        if in_app_route(app, route):
            total += matches * max(len(app.hosts), 1)
        total += matches * len(host_route_hosts(app, route))
    return total
