"""The load balancer listeners an App asks for: the one derivation every stage uses.

The Ingress annotations (listen-ports, ssl-redirect), IngressGroup merging, the plan and
the importer all ask the same questions: which protocol:port listeners does an ALB App get,
does HTTP redirect to HTTPS, which NLB ports terminate TLS, and in which order an ALB
listener evaluates an App's paths. They are answered here only.
"""

from __future__ import annotations

from collections.abc import Iterable

from eksgen.model.app import ALB, NLB, App, Port, Route
from eksgen.model.controller import SERVICE_PREFIX

HTTP_PORT, HTTPS_PORT = 80, 443
Listener = tuple[str, int]  # (protocol, port), as the listen-ports annotation pairs them
# Read on the Service: TCP and UDP ports of one number make one TCP_UDP listener.
TCP_UDP_ANNOTATION = SERVICE_PREFIX + "aws-load-balancer-enable-tcp-udp-listener"


def alb_listeners_for(
    tls: bool, redirect_http: bool, http_port: int = HTTP_PORT, https_port: int = HTTPS_PORT
) -> list[Listener]:
    """HTTP alone, HTTPS alone, or both when HTTP redirects to HTTPS (80 and 443 unless said)."""
    if not tls:
        return [("HTTP", http_port)]
    if redirect_http:
        return [("HTTP", http_port), ("HTTPS", https_port)]
    return [("HTTPS", https_port)]


def alb_listeners(app: App) -> list[Listener]:
    """An ALB App's listeners, in the order its listen-ports annotation lists them."""
    tls, redirect = app.tls is not None, app.tls is not None and app.tls.redirect_http
    return alb_listeners_for(tls, redirect, *alb_ports(app))


def alb_ports(app: App) -> tuple[int, int]:
    """The ports of an ALB App's HTTP and HTTPS listeners: spec.exposure.listenPorts, or 80, 443."""
    exposure = app.exposure
    return exposure.http_port or HTTP_PORT, exposure.https_port or HTTPS_PORT


def ssl_redirect_port(app: App) -> int | None:
    """The HTTPS port an ALB App redirects HTTP to, if it redirects."""
    return alb_ports(app)[1] if app.tls is not None and app.tls.redirect_http else None


def nlb_tls_ports(app: App) -> list[int]:
    """Service port numbers whose NLB listeners terminate TLS: the named ones, or every TCP port."""
    if app.tls is None:
        return []
    if not app.tls.ports:
        return [port.port for port in app.ports if port.protocol == "TCP"]
    resolved = (app.port_by_ref(ref) for ref in app.tls.ports)
    return [port.port for port in resolved if port is not None]


def nlb_port_protocol(app: App, port: Port) -> str:
    """The protocol of one Service port's NLB listener: TLS where TLS is terminated.

    A UDP port stays UDP even when a TCP port of the same number terminates TLS.
    """
    return "TLS" if port.protocol == "TCP" and port.port in nlb_tls_ports(app) else port.protocol


def nlb_listeners(app: App) -> list[Listener]:
    """An NLB App's listeners, one per port number as the controller builds them.

    On the Service API a listener is keyed by its port: of two ports with one number the
    first makes it, or, with the enable-tcp-udp-listener annotation true and one TCP and one
    UDP port, the two make one TCP_UDP listener, which TLS does not upgrade
    (buildListenersLegacy, buildListenersWithTCPUDPSupport and buildListenerSpec in
    pkg/service/model_build_listener.go, v3.5.0). The Gateway API has a listener per port.
    """
    if app.uses_gateway:
        return [(nlb_port_protocol(app, port), port.port) for port in app.ports]
    merged = {first.port for first, _ in tcp_udp_pairs(app)}
    found = []
    for number, ports in ports_by_number(app).items():
        protocol = "TCP_UDP" if number in merged else nlb_port_protocol(app, ports[0])
        found.append((protocol, number))
    return found


def tcp_udp_pairs(app: App) -> list[tuple[Port, Port]]:
    """The (first, second) Service ports that make one TCP_UDP listener, in spec order.

    One TCP and one UDP port of a number, on a Service whose enable-tcp-udp-listener
    annotation is true: spec.exposure.tcpUdpListener (the controller's feature gate, off by
    default, is not seen here). A Gateway's TCP and UDP listeners of one port always make
    one TCP_UDP listener (mergeProtocols in pkg/gateway/model/model_build_listener.go,
    v3.5.0).
    """
    if not (app.exposure.tcp_udp_listener or app.uses_gateway):
        return []
    return [
        (ports[0], ports[1])
        for ports in ports_by_number(app).values()
        if sorted(port.protocol for port in ports) == ["TCP", "UDP"]
    ]


def ports_by_number(app: App) -> dict[int, list[Port]]:
    """The Service ports by number, in spec order: the controller keys listeners by number."""
    found: dict[int, list[Port]] = {}
    for port in app.ports:
        found.setdefault(port.port, []).append(port)
    return found


def load_balancer_listeners(app: App) -> list[Listener]:
    """The listeners of an App's own load balancer (none without one)."""
    if app.exposure.type == ALB:
        return alb_listeners(app)
    if app.exposure.type == NLB:
        return nlb_listeners(app)
    return []


def listener_key(protocol: str, port: int) -> str:
    """A listener as the controller's listener-attributes annotations name it: HTTPS-443."""
    return f"{protocol}-{port}"


# The controller sorts the paths of each Ingress rule before numbering the listener rules:
# Exact paths first, then Prefix paths longest first, then ImplementationSpecific ones, each
# kept in spec order otherwise (sortIngressPaths, pkg/ingress/model_build_listener_rules.go,
# v3.5.0).
_PATH_TYPE_RANK = {"Exact": 0, "Prefix": 1, "ImplementationSpecific": 2}


def evaluation_order(routes: Iterable[Route]) -> list[Route]:
    """An App's routes in the order its ALB listener rules get their priorities."""
    return sorted(routes, key=_path_rank)


def _path_rank(route: Route) -> tuple[int, int]:
    longest_first = -len(route.path) if route.path_type == "Prefix" else 0
    return (_PATH_TYPE_RANK.get(route.path_type, len(_PATH_TYPE_RANK)), longest_first)
