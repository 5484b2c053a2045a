"""The listener rules of a load balancer: where a request goes, in the controller's order.

An ALB listener tries its rules one by one, so the order decides which App gets a request
that two rules match; an NLB listener has one rule, its port. Each rule names the Service
port it reaches. The plan lists them (loadBalancers[].rules) and the HTML page draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eksgen.model import action_summary, condition_summary
from eksgen.model.albs import member_id
from eksgen.model.app import App, Port, Route
from eksgen.model.listeners import alb_listeners, evaluation_order, ssl_redirect_port


@dataclass(frozen=True)
class Rule:
    """Where a listener sends a request: what it must match, and the Service port it reaches.

    ALB: a host (None: any host) and a path, on the listener ports that carry the rule (none
    when the group's HTTP-to-HTTPS redirect drops a plain-HTTP member's rules). NLB: the
    listener's port and protocol. port is the Service port (an NLB listener's own port too);
    target_port the container port behind it.
    """

    app: str
    service: str | None
    port: int | None
    target_port: int | str | None
    host: str | None = None
    path: str | None = None
    path_type: str | None = None
    listener_ports: tuple[int, ...] = ()
    protocol: str | None = None
    # ALB: the sign-in the rule asks for on HTTPS listeners (oidc, cognito), else None.
    auth: str | None = None
    # ALB: the spec.actions entry the rule runs (name, type, what it does), else None.
    action: tuple[str, str, str] | None = None
    # ALB: the route's extra conditions, one line each.
    conditions: tuple[str, ...] = ()


def alb_rules(members: list[App]) -> tuple[Rule, ...]:
    """The group's rules in the order the controller numbers them (v3.5.0).

    Members in the group's order, each member's hosts as its Ingress lists them, and each
    host's paths in evaluation_order. When the group redirects HTTP to HTTPS, the controller
    builds no rule on an HTTP listener (model_build_listener_rules.go: buildListenerRules).
    """
    redirects = any(ssl_redirect_port(app) is not None for app in members)
    return tuple(rule for app in members for rule in _app_rules(app, redirects))


def _app_rules(app: App, redirects: bool) -> list[Rule]:
    carried = tuple(
        port for protocol, port in alb_listeners(app) if not (redirects and protocol == "HTTP")
    )
    hosts: tuple[str | None, ...] = app.hosts or (None,)
    return [
        Rule(
            app=member_id(app),
            host=host,
            path=route.path,
            path_type=route.path_type,
            listener_ports=carried,
            auth=_sign_in(app),
            conditions=tuple(condition_summary(item) for item in route.conditions),
            **_reached(app, route),
        )
        for host in hosts
        for route in evaluation_order(app.routes)
    ]


def _reached(app: App, route: Route) -> dict[str, Any]:
    """The Service port a rule reaches (None: none of this app's), and the action it runs.

    A forward reaches this app's port when one of its targets is this app's Service.

    An unknown port or action reference is an error of the checks, which stop the plan first.
    """
    action = app.action(route.action)
    if action is None:
        backend = app.port_by_ref(route.port)
    else:
        own = next((group for group in action.target_groups if group.is_own_service), None)
        backend = app.port_by_ref(own.port) if own is not None else None
    found: dict[str, Any] = {"service": None, "port": None, "target_port": None}
    if backend is not None:
        found = {"service": app.name, "port": backend.port, "target_port": backend.target}
    if action is not None:
        found["action"] = (action.name, action.kind, action_summary(action, app.name))
    return found


def _sign_in(app: App) -> str | None:
    """The auth type an App's rules ask for (none: no sign-in)."""
    auth = app.exposure.auth
    return auth.type if auth is not None and auth.type != "none" else None


def nlb_rule(app: App, protocol: str, port: Port) -> Rule:
    """The rule of an NLB listener: its port forwards to the Service port that got it."""
    return Rule(member_id(app), app.name, port.port, port.target, protocol=protocol)
