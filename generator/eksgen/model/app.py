"""The App model: schema-valid spec data with every default applied, in one place.

Stages after this one never look at raw spec data and never invent a default. The parts of
an App are NamedTuples: immutable and hashable like frozen dataclasses, and built in a
tenth of the time at import, which every run of the command line pays.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from eksgen.model import defaults
from eksgen.model.actions import Action, Condition, build_action, build_condition
from eksgen.model.text import string_pairs as _pairs
from eksgen.spec.load import Document

if TYPE_CHECKING:
    from eksgen.model.ingress_class import IngressClassSettings

ALB, NLB, NONE = "alb", "nlb", "none"
IP, INSTANCE = "ip", "instance"  # target types
INGRESS, GATEWAY = "ingress", "gateway"  # the APIs a load balancer is asked for through


class Port(NamedTuple):
    """One Service port."""

    port: int
    name: str | None = None
    target_port: int | str | None = None
    protocol: str = defaults.PORT_PROTOCOL

    @property
    def target(self) -> int | str:
        """The container port traffic goes to (the Service port unless said otherwise)."""
        return self.port if self.target_port is None else self.target_port


class HealthCheck(NamedTuple):
    """Target group health check settings; None leaves the controller's default."""

    path: str | None = None
    port: int | str | None = None
    protocol: str | None = None
    interval_seconds: int | None = None
    timeout_seconds: int | None = None
    healthy_threshold: int | None = None
    unhealthy_threshold: int | None = None
    success_codes: str | None = None


class Group(NamedTuple):
    """An IngressGroup: Ingresses with the same name share one ALB.

    order None: not given, so no annotation is written and the controller's default applies.
    namespace: where the Gateway API puts the shared Gateway; None: the first member's.
    """

    name: str
    order: int | None = None
    namespace: str | None = None


class Waf(NamedTuple):
    """The WAFv2 web ACL of an ALB: by ARN or by name; neither: detach any (enabled: false)."""

    acl_arn: str | None = None
    acl_name: str | None = None

    def annotation(self) -> tuple[str, str]:
        """(suffix, value) of the controller's annotation; the value 'none' detaches any ACL.

        docs/guide/ingress/annotations.md (v3.5.0): wafv2-acl-arn or wafv2-acl-name (since
        v2.14.0); absent, the controller leaves the ALB's web ACL as it is.
        """
        if self.acl_name is not None:
            return ("wafv2-acl-name", self.acl_name)
        return ("wafv2-acl-arn", self.acl_arn if self.acl_arn is not None else "none")


class Auth(NamedTuple):
    """Sign-in by the ALB: the provider's settings as the spec gives them (None: the default).

    oidc and cognito hold the provider's fields by their spec names; the controller's
    defaults (scope openid, cookie AWSELBAuthSessionCookie, 604800 s, authenticate) are
    left to it: eksgen writes only what the spec gives.
    """

    type: str
    oidc: tuple[tuple[str, str], ...] = ()
    cognito: tuple[tuple[str, str], ...] = ()
    scope: str | None = None
    session_cookie: str | None = None
    session_timeout_seconds: int | None = None
    on_unauthenticated_request: str | None = None


class Exposure(NamedTuple):
    """How the app is reached from outside the cluster.

    api: the spec's spec.exposure.api, None when it names none; the checks resolve it
    (resolve_api) before any rule or render sees the App, so that later stages read
    INGRESS or GATEWAY.
    """

    type: str = defaults.EXPOSURE_TYPE
    scheme: str = defaults.SCHEME
    target_type: str = defaults.TARGET_TYPE
    subnets: tuple[str, ...] = ()
    source_ranges: tuple[str, ...] = ()
    load_balancer_name: str | None = None
    # An ALB's listener ports when the spec gives them; None: 80 and 443 (model.listeners).
    http_port: int | None = None
    https_port: int | None = None
    ip_address_type: str | None = None
    waf: Waf | None = None
    shield_advanced: bool | None = None
    auth: Auth | None = None
    target_node_labels: tuple[tuple[str, str], ...] = ()
    security_groups: tuple[str, ...] = ()
    security_group_prefix_lists: tuple[str, ...] = ()
    manage_backend_security_group_rules: bool | None = None
    backend_protocol: str | None = None
    backend_protocol_version: str | None = None
    proxy_protocol: bool = False
    tcp_udp_listener: bool | None = None
    eip_allocations: tuple[str, ...] = ()
    private_ipv4_addresses: tuple[str, ...] = ()
    group: Group | None = None
    health_check: HealthCheck | None = None
    load_balancer_attributes: tuple[tuple[str, str], ...] = ()
    target_group_attributes: tuple[tuple[str, str], ...] = ()
    # PROTOCOL-PORT -> that listener's attributes; sorted by listener, then by key.
    listener_attributes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    api: str | None = None
    ingress_class: str = defaults.INGRESS_CLASS
    # The Cluster spec's class of that name, once apply_class made its settings the App's.
    class_settings: IngressClassSettings | None = None


class Route(NamedTuple):
    """One HTTP route of the Ingress; port is None for the first Service port.

    action names an entry of App.actions the route uses instead of a Service port;
    conditions are the route's extra rule conditions.
    """

    path: str = defaults.ROUTE_PATH
    path_type: str = defaults.PATH_TYPE
    port: int | str | None = None
    action: str | None = None
    conditions: tuple[Condition, ...] = ()

    def backend(self, app_name: str) -> str:
        """The name the route's Ingress backend gives: its action's, else the app's Service."""
        return self.action or app_name


class MutualTls(NamedTuple):
    """Mutual TLS on the ALB's HTTPS listeners (verify, passthrough or off)."""

    mode: str
    trust_store: str | None = None
    ignore_client_certificate_expiry: bool | None = None
    advertise_trust_store_ca_names: bool | None = None

    def annotation(self, https_ports: Iterable[int]) -> str:
        """The controller's JSON: one entry per HTTPS port, keys in its docs' order.

        docs/guide/ingress/annotations.md (v3.5.0), mutual-authentication: port, mode,
        trustStore, ignoreClientCertificateExpiry (a boolean), advertiseTrustStoreCaNames
        ("on" or "off").
        """
        entries = [{"port": port} | self.settings() for port in https_ports]
        return json.dumps(entries, separators=(",", ":"))

    def settings(self) -> dict[str, Any]:
        """The listener's settings in the controller's words (the Gateway API's too)."""
        found: dict[str, Any] = {"mode": self.mode}
        if self.trust_store is not None:
            found["trustStore"] = self.trust_store
        if self.ignore_client_certificate_expiry is not None:
            found["ignoreClientCertificateExpiry"] = self.ignore_client_certificate_expiry
        if self.advertise_trust_store_ca_names is not None:
            names = self.advertise_trust_store_ca_names
            found["advertiseTrustStoreCaNames"] = "on" if names else "off"
        return found


class Tls(NamedTuple):
    """TLS termination on the load balancer; no certificate ARNs: an ALB discovers them."""

    certificate_arns: tuple[str, ...]
    policy: str = defaults.TLS_POLICY
    redirect_http: bool = defaults.REDIRECT_HTTP
    ports: tuple[int | str, ...] = ()
    alpn_policy: str | None = None
    backend_tls: bool = False
    mutual: MutualTls | None = None


class Dns(NamedTuple):
    """ExternalDNS publication of the app's hosts."""

    enabled: bool = defaults.DNS_ENABLED
    ttl: int | None = None


class DbAccess(NamedTuple):
    """Security groups for the app's pods."""

    security_group_ids: tuple[str, ...]
    pod_selector: tuple[tuple[str, str], ...]


class NetworkingPort(NamedTuple):
    """A port a TargetGroupBinding's networking rule opens.

    port None: every port of the protocol; protocol None: the controller's default, TCP.
    """

    port: int | str | None = None
    protocol: str | None = None


class NetworkingRule(NamedTuple):
    """Peers (security groups, CIDR blocks) allowed to reach the targets; no ports: every port."""

    security_group_ids: tuple[str, ...] = ()
    cidr_blocks: tuple[str, ...] = ()
    ports: tuple[NetworkingPort, ...] = ()


class TargetGroupBinding(NamedTuple):
    """A target group made outside Kubernetes, filled with the App's pods or nodes.

    port None: the first Service port.
    """

    target_group_arn: str
    target_type: str
    port: int | str | None = None
    networking: tuple[NetworkingRule, ...] = ()

    @property
    def target_group_name(self) -> str:
        """The target group's name: the ARN's resource is targetgroup/<name>/<id>."""
        return self.target_group_arn.rsplit(":", 1)[1].split("/")[1]


@dataclass(frozen=True)
class App:
    """One application, ready to render.

    ports is empty for an App that serves nothing (a worker): it renders no Service, only
    its SecurityGroupPolicy. The schema then allows no exposure, hosts, routes or tls, so
    exposure is none, and hosts, routes and tls are empty.
    """

    name: str
    namespace: str
    labels: tuple[tuple[str, str], ...]
    annotations: tuple[tuple[str, str], ...]
    selector: tuple[tuple[str, str], ...]
    ports: tuple[Port, ...]
    exposure: Exposure
    hosts: tuple[str, ...]
    routes: tuple[Route, ...]
    tls: Tls | None
    dns: Dns
    db_access: DbAccess | None
    document: Document = field(compare=False, repr=False)
    # The raw spec, so that rules can tell a default from a value the user wrote.
    raw: dict[str, Any] = field(compare=False, repr=False, default_factory=dict)
    target_group_bindings: tuple[TargetGroupBinding, ...] = ()
    actions: tuple[Action, ...] = ()

    def action(self, name: str | None) -> Action | None:
        """The spec.actions entry of that name; None when there is none."""
        return next((action for action in self.actions if action.name == name), None)

    @property
    def file(self) -> str:
        """The file the spec came from."""
        return self.document.file

    @property
    def has_service(self) -> bool:
        """Whether the App renders a Service: it has ports (an app without is a worker, say)."""
        return bool(self.ports)

    @property
    def uses_gateway(self) -> bool:
        """Whether the App's load balancer is asked for through the Gateway API."""
        return self.exposure.api == GATEWAY and self.exposure.type in (ALB, NLB)

    @property
    def publishes_dns(self) -> bool:
        """Whether ExternalDNS makes records for the App: DNS on, hosts, a load balancer."""
        return self.dns.enabled and bool(self.hosts) and self.exposure.type in (ALB, NLB)

    @property
    def ip_targets(self) -> bool:
        """Whether a load balancer registers the App's pod IPs (not nodes) as targets.

        Its load balancer with target type ip, or a TargetGroupBinding of type ip: the
        pods a pod readiness gate is for (docs/deploy/pod_readiness_gate.md, v3.5.0).
        """
        if self.exposure.type in (ALB, NLB) and self.exposure.target_type == IP:
            return True
        return any(binding.target_type == IP for binding in self.target_group_bindings)

    def port_by_ref(self, ref: int | str | None) -> Port | None:
        """The Service port a route or TLS entry names (by name or number); None: the first.

        None too when the App has no ports (the schema then allows no route or TLS entry).
        """
        if ref is None:
            return self.ports[0] if self.ports else None
        for port in self.ports:
            if ref in (port.name, port.port):
                return port
        return None


def build_app(document: Document) -> App:
    """Turn a schema-valid App document into the model, defaults applied."""
    data: dict[str, Any] = document.data
    metadata, spec = data["metadata"], data["spec"]
    name = metadata["name"]
    hosts = tuple(spec.get("hosts", ()))
    return App(
        name=name,
        namespace=metadata.get("namespace", defaults.NAMESPACE),
        labels=_pairs(metadata.get("labels")),
        annotations=_pairs(metadata.get("annotations")),
        selector=_pairs(_selector(spec, name)),
        ports=tuple(_port(item) for item in spec.get("ports", ())),
        exposure=_exposure(spec.get("exposure", {})),
        hosts=hosts,
        routes=_routes(spec),
        tls=_tls(spec.get("tls")),
        dns=_dns(spec.get("dns", {})),
        db_access=_db_access(spec.get("dbAccess"), _selector(spec, name)),
        document=document,
        raw=data,
        target_group_bindings=tuple(_binding(item) for item in spec.get("targetGroupBindings", ())),
        actions=tuple(build_action(key, item) for key, item in spec.get("actions", {}).items()),
    )


def resolve_api(app: App, run_default: str) -> App:
    """The App with its API settled: its own spec.exposure.api, else the run's default."""
    if app.exposure.api is not None:
        return app
    return replace(app, exposure=app.exposure._replace(api=run_default))


def _port(item: dict[str, Any]) -> Port:
    return Port(
        port=item["port"],
        name=item.get("name"),
        target_port=item.get("targetPort"),
        protocol=item.get("protocol", defaults.PORT_PROTOCOL),
    )


def _exposure(item: dict[str, Any]) -> Exposure:
    attributes = item.get("attributes", {})
    group = item.get("group")
    return Exposure(
        type=item.get("type", defaults.EXPOSURE_TYPE),
        scheme=item.get("scheme", defaults.SCHEME),
        target_type=item.get("targetType", defaults.TARGET_TYPE),
        subnets=tuple(item.get("subnets", ())),
        source_ranges=tuple(item.get("sourceRanges", ())),
        load_balancer_name=item.get("loadBalancerName"),
        http_port=item.get("listenPorts", {}).get("http"),
        https_port=item.get("listenPorts", {}).get("https"),
        ip_address_type=item.get("ipAddressType"),
        waf=_waf(item.get("waf")),
        shield_advanced=item.get("shieldAdvanced"),
        auth=_auth(item.get("auth")),
        target_node_labels=_pairs(item.get("targetNodeLabels")),
        security_groups=tuple(item.get("securityGroups", ())),
        security_group_prefix_lists=tuple(item.get("securityGroupPrefixLists", ())),
        manage_backend_security_group_rules=item.get("manageBackendSecurityGroupRules"),
        backend_protocol=item.get("backendProtocol"),
        backend_protocol_version=item.get("backendProtocolVersion"),
        proxy_protocol=item.get("proxyProtocol", False),
        tcp_udp_listener=item.get("tcpUdpListener"),
        eip_allocations=tuple(item.get("eipAllocations", ())),
        private_ipv4_addresses=tuple(item.get("privateIpv4Addresses", ())),
        group=Group(group["name"], group.get("order"), group.get("namespace")) if group else None,
        health_check=_health_check(item.get("healthCheck")),
        load_balancer_attributes=_pairs(attributes.get("loadBalancer")),
        target_group_attributes=_pairs(attributes.get("targetGroup")),
        listener_attributes=tuple(
            (listener, _pairs(values))
            for listener, values in sorted(attributes.get("listeners", {}).items())
        ),
        tags=_pairs(item.get("tags")),
        api=item.get("api"),
        ingress_class=item.get("ingressClass", defaults.INGRESS_CLASS),
    )


def _auth(item: dict[str, Any] | None) -> Auth | None:
    if item is None:
        return None
    return Auth(
        type=item["type"],
        oidc=tuple(item.get("oidc", {}).items()),
        cognito=tuple(item.get("cognito", {}).items()),
        scope=item.get("scope"),
        session_cookie=item.get("sessionCookie"),
        session_timeout_seconds=item.get("sessionTimeoutSeconds"),
        on_unauthenticated_request=item.get("onUnauthenticatedRequest"),
    )


def _waf(item: dict[str, Any] | None) -> Waf | None:
    if item is None:
        return None
    return Waf(acl_arn=item.get("aclArn"), acl_name=item.get("aclName"))


def _health_check(item: dict[str, Any] | None) -> HealthCheck | None:
    if item is None:
        return None
    return HealthCheck(
        path=item.get("path"),
        port=item.get("port"),
        protocol=item.get("protocol"),
        interval_seconds=item.get("intervalSeconds"),
        timeout_seconds=item.get("timeoutSeconds"),
        healthy_threshold=item.get("healthyThreshold"),
        unhealthy_threshold=item.get("unhealthyThreshold"),
        success_codes=item.get("successCodes"),
    )


def _routes(spec: dict[str, Any]) -> tuple[Route, ...]:
    """The routes given, else one to '/'; none without ports (no Service to route to)."""
    if "ports" not in spec:
        return ()
    return tuple(_route(item) for item in spec.get("routes", [{"path": defaults.ROUTE_PATH}]))


def _route(item: dict[str, Any]) -> Route:
    path_type = item.get("pathType", defaults.PATH_TYPE)
    conditions = tuple(build_condition(entry) for entry in item.get("conditions", ()))
    return Route(
        path=item["path"],
        path_type=path_type,
        port=item.get("port"),
        action=item.get("action"),
        conditions=conditions,
    )


def _tls(item: dict[str, Any] | None) -> Tls | None:
    if item is None:
        return None
    return Tls(
        certificate_arns=tuple(item.get("certificateArns", ())),
        policy=item.get("policy", defaults.TLS_POLICY),
        redirect_http=item.get("redirectHttp", defaults.REDIRECT_HTTP),
        ports=tuple(item.get("ports", ())),
        alpn_policy=item.get("alpnPolicy"),
        backend_tls=item.get("backendTls", False),
        mutual=_mutual(item.get("mutualAuthentication")),
    )


def _mutual(item: dict[str, Any] | None) -> MutualTls | None:
    if item is None:
        return None
    return MutualTls(
        mode=item["mode"],
        trust_store=item.get("trustStore"),
        ignore_client_certificate_expiry=item.get("ignoreClientCertificateExpiry"),
        advertise_trust_store_ca_names=item.get("advertiseTrustStoreCaNames"),
    )


def _binding(item: dict[str, Any]) -> TargetGroupBinding:
    return TargetGroupBinding(
        target_group_arn=item["targetGroupArn"],
        target_type=item["targetType"],
        port=item.get("port"),
        networking=tuple(_networking_rule(rule) for rule in item.get("networking", ())),
    )


def _networking_rule(item: dict[str, Any]) -> NetworkingRule:
    given = item.get("ports", ())
    ports = (NetworkingPort(port.get("port"), port.get("protocol")) for port in given)
    return NetworkingRule(
        security_group_ids=tuple(item.get("securityGroupIds", ())),
        cidr_blocks=tuple(item.get("cidrBlocks", ())),
        ports=tuple(ports),
    )


def _dns(item: dict[str, Any]) -> Dns:
    # Enabled by default; without hosts there is nothing to publish, whatever it says.
    return Dns(enabled=item.get("enabled", defaults.DNS_ENABLED), ttl=item.get("ttl"))


def _selector(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """The pods the App selects: spec.selector, or app: <name> when it gives none."""
    return spec.get("selector") or {defaults.SELECTOR_LABEL: name}


def _db_access(item: dict[str, Any] | None, selector: dict[str, str]) -> DbAccess | None:
    if item is None:
        return None
    pod_selector = item.get("podSelector")
    return DbAccess(
        security_group_ids=tuple(item["securityGroupIds"]),
        pod_selector=_pairs(selector if pod_selector is None else pod_selector),
    )
