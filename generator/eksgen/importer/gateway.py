"""Gateway API objects read back into spec fields: the reverse of eksgen.render.gateway_objects.

An app whose Service is the backend of an HTTPRoute (an ALB) or of TCPRoutes, UDPRoutes or
TLSRoutes (an NLB) gets exposure.api: gateway. The route's first parentRef names its
Gateway; the Gateway's infrastructure.parametersRef its LoadBalancerConfiguration (scheme,
subnets, source ranges, name, tags, attributes, and per HTTPS or TLS listener the
certificates and TLS policy); a TargetGroupConfiguration whose targetReference names the
Service gives the target type, health check and target group attributes. A Gateway named
otherwise than the app, or in another namespace, is an IngressGroup's. A redirect route on
the Gateway's HTTP listener is spec.tls.redirectHttp. An ALB App's routes, actions and
sign-in come from its HTTPRoute's rules and the routes of its rules' more hosts
(eksgen.importer.gateway_routes). What eksgen would render differently is reported, as for
an Ingress.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eksgen.importer.build import Build
from eksgen.importer.gateway_leftovers import config_leftovers, route_leftovers, target_leftovers
from eksgen.importer.gateway_routes import read_routes
from eksgen.importer.gateway_rules import (
    Configs,
    RuleConfig,
    check_rule_tags,
    grpc_paths,
    read_auth,
)
from eksgen.importer.group import route_app, rule_route_number, service_keys
from eksgen.importer.objects import (
    GATEWAY,
    GRPC_ROUTE,
    HTTP_ROUTE,
    L4_ROUTES,
    L7_ROUTES,
    LB_CONFIG,
    NAME,
    TG_CONFIG,
    Object,
    as_list,
    as_mapping,
    decimal,
    dig,
)
from eksgen.model import defaults
from eksgen.model.app import ALB, NLB
from eksgen.model.app import GATEWAY as GATEWAY_API
from eksgen.model.controller import DNS_PREFIXES
from eksgen.model.listeners import HTTP_PORT, HTTPS_PORT
from eksgen.spec.path import FieldPath

# healthCheckConfig field -> spec.exposure.healthCheck field.
HEALTH_CHECK = {
    "healthCheckPath": "path",
    "healthCheckPort": "port",
    "healthCheckProtocol": "protocol",
    "healthCheckInterval": "intervalSeconds",
    "healthCheckTimeout": "timeoutSeconds",
    "healthyThresholdCount": "healthyThreshold",
    "unhealthyThresholdCount": "unhealthyThreshold",
}
_TTL, _HOSTNAME, _HOSTNAME_SOURCE = "ttl", "hostname", "gateway-hostname-source"


def gateway_kind(build: Build) -> str:
    """ALB for an app with an HTTPRoute or GRPCRoute, else NLB; L4 routes beside it are dropped."""
    routes = build.group.routes
    if not any(route.kind in L7_ROUTES for route in routes):
        return NLB
    for route in [route for route in routes if route.kind in L4_ROUTES]:
        message = "an app's load balancer is an ALB (its HTTPRoute) or an NLB; not imported"
        build.warn(route, ("metadata", "name"), message)
        routes.remove(route)
    return ALB


def read_gateway(build: Build, kind: str) -> None:
    """spec.exposure, spec.tls, the routes and DNS of an app behind a Gateway."""
    routes = build.group.routes
    first = routes[0]
    name, namespace = _parent(first)
    gateway = _find(build, GATEWAY, name, namespace)
    if gateway is None:
        message = f"its Gateway {namespace}/{name} is not in the input: import them together"
        build.refuse(first, ("spec", "parentRefs"), message)
        return
    build.put(("spec", "exposure"), {"type": kind, "api": GATEWAY_API}, gateway, ("spec",))
    if kind == ALB and _shared(build, gateway, first):
        group: dict[str, Any] = {"name": gateway.name}
        if gateway.namespace not in _member_namespaces(build, gateway):
            group["namespace"] = gateway.namespace  # a namespace of its own
        build.put(("spec", "exposure", "group"), group, gateway, ("metadata",))
    config = _find(
        build,
        LB_CONFIG,
        dig(gateway.spec, "infrastructure", "parametersRef", "name"),
        gateway.namespace,
    )
    if config is not None:
        _load_balancer(build, config)
        config_leftovers(build, config)
    _target_groups(build)
    if kind == ALB:
        _alb_routes(build, gateway, config, [r for r in routes if r.kind in L7_ROUTES])
    else:
        _nlb_tls(build, config)
        _backend_tls(build)
        _dns(build, routes)


def _shared(build: Build, gateway: Object, route: Object) -> bool:
    """Whether the Gateway is an IngressGroup's rather than the App's own.

    It is when named otherwise than the app, or placed elsewhere, or without the App's own
    labels and annotations, which eksgen gives only the Gateway of one App.
    """
    if (gateway.name, gateway.namespace) != build.group.key[::-1]:
        return True
    return (gateway.labels(), _own(gateway)) != (route.labels(), _own(route))


def _own(obj: Object) -> dict[str, Any]:
    """An object's annotations less ExternalDNS's (which only routes carry)."""
    return {
        key: value
        for key, value in obj.annotations().items()
        if not (isinstance(key, str) and key.startswith(DNS_PREFIXES))
    }


def _member_namespaces(build: Build, gateway: Object) -> set[str]:
    """The namespaces of the routes with backends that attach to the Gateway."""
    found = set()
    services = service_keys(build.run)
    for route in [*build.run.of_kind(HTTP_ROUTE), *build.run.of_kind(GRPC_ROUTE)]:
        if _parent(route) == (gateway.name, gateway.namespace) and route_app(route, services):
            found.add(route.namespace)
    return found


def _parent(route: Object) -> tuple[Any, str]:
    """(name, namespace) of the Gateway a route's first parentRef names."""
    parents = as_list(route.spec.get("parentRefs"))
    parent = as_mapping(parents[0] if parents else None)
    return parent.get("name"), parent.get("namespace") or route.namespace


def _find(build: Build, kind: str, name: Any, namespace: str) -> Object | None:
    for obj in build.run.of_kind(kind):
        if obj.name == name and obj.namespace == namespace:
            return obj
    return None


def _load_balancer(build: Build, config: Object) -> None:
    spec = config.spec
    scheme = spec.get("scheme")
    if scheme is not None and scheme != defaults.SCHEME:
        build.put(("spec", "exposure", "scheme"), scheme, config, ("spec", "scheme"))
    if spec.get("loadBalancerName"):
        where = ("spec", "loadBalancerName")
        build.put(("spec", "exposure", "loadBalancerName"), spec["loadBalancerName"], config, where)
    items = as_list(spec.get("loadBalancerSubnets"))
    subnets = [dig(item, "identifier") for item in items]
    if subnets:
        where = ("spec", "loadBalancerSubnets")
        build.put(("spec", "exposure", "subnets"), subnets, config, where, "nested")
        for key, field in (
            ("eipAllocation", "eipAllocations"),
            ("privateIPv4Allocation", "privateIpv4Addresses"),
        ):
            given = [dig(item, key) for item in items]
            if any(given):
                build.put(("spec", "exposure", field), given, config, where, "nested")
    if as_list(spec.get("sourceRanges")):
        where = ("spec", "sourceRanges")
        build.put(
            ("spec", "exposure", "sourceRanges"),
            list(spec["sourceRanges"]),
            config,
            where,
            "nested",
        )
    if as_mapping(spec.get("tags")):
        build.put(
            ("spec", "exposure", "tags"), dict(spec["tags"]), config, ("spec", "tags"), "nested"
        )
    attributes = _key_values(spec.get("loadBalancerAttributes"))
    if attributes:
        path = ("spec", "exposure", "attributes", "loadBalancer")
        build.put(path, attributes, config, ("spec", "loadBalancerAttributes"))
    _protection(build, config)
    _listener_attributes(build, config)


def _listener_attributes(build: Build, config: Object) -> None:
    """spec.exposure.attributes.listeners from each listener configuration's attributes.

    protocolPort HTTPS:443 is the listener the Ingress and Service annotations call HTTPS-443.
    """
    for index, item in enumerate(as_list(config.spec.get("listenerConfigurations"))):
        attributes = _key_values(dig(item, "listenerAttributes"))
        protocol, _, port = str(dig(item, "protocolPort") or "").partition(":")
        if not attributes or not protocol or decimal(port) is None:
            continue
        where = ("spec", "listenerConfigurations", index, "listenerAttributes")
        path = ("spec", "exposure", "attributes", "listeners", f"{protocol}-{port}")
        build.put(path, attributes, config, where)


# LoadBalancerConfiguration field -> (spec.exposure field, the value it takes there).
_PROTECTION: dict[str, tuple[str, Any]] = {
    "ipAddressType": ("ipAddressType", lambda value: value),
    # A list as given, anything else as it is: the schema check names what is wrong.
    "securityGroups": ("securityGroups", lambda value: _listed(value)),
    "securityGroupPrefixes": ("securityGroupPrefixLists", lambda value: _listed(value)),
    "manageBackendSecurityGroupRules": ("manageBackendSecurityGroupRules", lambda value: value),
    "wafV2": ("waf", lambda value: {"aclArn": dig(value, "webACL")}),
    "shieldConfiguration": ("shieldAdvanced", lambda value: dig(value, "enabled")),
}


def _listed(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _protection(build: Build, config: Object) -> None:
    """IP address type, security groups and prefix lists, web ACL and Shield Advanced back."""
    for key, (field, convert) in _PROTECTION.items():
        value = config.spec.get(key)
        if value is None:
            continue
        build.put(("spec", "exposure", field), convert(value), config, ("spec", key), "same")


def _target_group_config(build: Build, service: str | None = None) -> Object | None:
    """The TargetGroupConfiguration that names the App's Service (or another), if any."""
    namespace, name = build.group.key
    return next(
        (
            obj
            for obj in build.run.of_kind(TG_CONFIG)
            if obj.namespace == namespace
            and dig(obj.spec, "targetReference", "name") == (service or name)
        ),
        None,
    )


def _target_groups(build: Build) -> None:
    found = _target_group_config(build)
    if found is None:
        return
    target_leftovers(build, found)
    settings = as_mapping(found.spec.get("defaultConfiguration"))
    where = ("spec", "defaultConfiguration")
    target_type = settings.get("targetType")
    if target_type is not None and target_type != defaults.TARGET_TYPE:
        build.put(("spec", "exposure", "targetType"), target_type, found, (*where, "targetType"))
    if settings.get("protocol") in ("HTTP", "HTTPS"):
        where_protocol = (*where, "protocol")
        build.put(
            ("spec", "exposure", "backendProtocol"), settings["protocol"], found, where_protocol
        )
    if settings.get("protocolVersion") in ("HTTP1", "HTTP2", "GRPC"):
        where_version = (*where, "protocolVersion")
        version = settings["protocolVersion"]
        build.put(("spec", "exposure", "backendProtocolVersion"), version, found, where_version)
    labels = as_mapping(dig(settings, "nodeSelector", "matchLabels"))
    if labels:
        field = ("spec", "exposure", "targetNodeLabels")
        build.put(field, dict(labels), found, (*where, "nodeSelector"), "same")
    check = _health_check(as_mapping(settings.get("healthCheckConfig")))
    if check:
        build.put(("spec", "exposure", "healthCheck"), check, found, (*where, "healthCheckConfig"))
    attributes = _key_values(settings.get("targetGroupAttributes"))
    if build.spec["exposure"].get("type") == NLB and attributes.get(_PROXY_V2) == "true":
        del attributes[_PROXY_V2]  # what exposure.proxyProtocol renders
        where_proxy = (*where, "targetGroupAttributes")
        build.put(("spec", "exposure", "proxyProtocol"), True, found, where_proxy)
    if attributes:
        path = ("spec", "exposure", "attributes", "targetGroup")
        build.put(path, attributes, found, (*where, "targetGroupAttributes"))


_PROXY_V2 = "proxy_protocol_v2.enabled"


def _backend_tls(build: Build) -> None:
    """spec.tls.backendTls from protocol TLS, for every route or for the TLS ports' routes.

    eksgen writes TLS as the default when every port terminates TLS, else per TCPRoute
    (eksgen.render.gateway_targets); either reads back as backendTls. Read after spec.tls,
    which it joins.
    """
    found = _target_group_config(build)
    if found is None:
        return
    settings = as_mapping(found.spec.get("defaultConfiguration"))
    routes = [as_mapping(item) for item in as_list(found.spec.get("routeConfigurations"))]
    by_route = [
        index
        for index, item in enumerate(routes)
        if dig(item, "targetGroupProps", "protocol") == "TLS"
    ]
    if settings.get("protocol") == "TLS":
        where: FieldPath = ("spec", "defaultConfiguration", "protocol")
    elif by_route:
        where = ("spec", "routeConfigurations", by_route[0])
    else:
        return
    build.put(("spec", "tls", "backendTls"), True, found, where)


def _health_check(given: dict[str, Any]) -> dict[str, Any]:
    check: dict[str, Any] = {}
    for key, field in HEALTH_CHECK.items():
        if key in given:
            value = given[key]
            number = decimal(value) if field == "port" and isinstance(value, str) else None
            check[field] = number if number is not None else value
    # An HTTP or a gRPC code: the protocol version says which the controller reads.
    code = dig(given, "matcher", "httpCode") or dig(given, "matcher", "grpcCode")
    if code is not None:
        check["successCodes"] = code
    return check


def _key_values(items: Any) -> dict[str, str]:
    return {str(dig(item, "key")): str(dig(item, "value")) for item in as_list(items)}


def _listener_configs(config: Object | None, protocol: str) -> list[tuple[int, dict[str, Any]]]:
    """(port, listener configuration) of the HTTPS or TLS listeners."""
    found = []
    for item in as_list(config.spec.get("listenerConfigurations") if config else None):
        text = str(dig(item, "protocolPort") or "")
        kind, _, port = text.partition(":")
        number = decimal(port)
        if kind == protocol and number is not None:
            found.append((number, as_mapping(item)))
    return found


def _tls(build: Build, config: Object, item: dict[str, Any]) -> dict[str, Any]:
    certificates = [item.get("defaultCertificate"), *as_list(item.get("certificates"))]
    given = [c for c in certificates if c]
    # None: the controller discovers them by the routes' hostnames.
    tls: dict[str, Any] = {"certificateArns": given} if given else {}
    policy = item.get("sslPolicy")
    if policy and policy != defaults.TLS_POLICY:
        tls["policy"] = policy
    if isinstance(item.get("alpnPolicy"), str):
        tls["alpnPolicy"] = item["alpnPolicy"]
    mutual = as_mapping(item.get("mutualAuthentication"))
    if mutual:
        names = mutual.get("advertiseTrustStoreCaNames")
        if names in ("on", "off"):
            mutual = mutual | {"advertiseTrustStoreCaNames": names == "on"}
        tls["mutualAuthentication"] = dict(mutual)
    return tls


def _alb_routes(build: Build, gateway: Object, config: Object | None, routes: list[Object]) -> None:
    main, hosts = _app_routes(build, routes)
    route = main or hosts[0][1]
    sections = {dig(parent, "sectionName") for parent in as_list(route.spec.get("parentRefs"))}
    secure = _listener_configs(config, "HTTPS")
    if secure and config is not None and any(str(s).startswith("https") for s in sections):
        tls = _tls(build, config, secure[0][1])
        if not _redirects(build, gateway):
            tls["redirectHttp"] = False
        build.put(("spec", "tls"), tls, config, ("spec", "listenerConfigurations"))
    _listen_ports(build, gateway, sections)
    hostnames = as_list(main.spec.get("hostnames")) if main else []
    own = [host for host in hostnames if isinstance(host, str)]
    if own:
        build.put(("spec", "hosts"), own, route, ("spec", "hostnames"), "nested")
    for item in [route, *(host for _, host in hosts if host is not route)]:
        route_leftovers(build, item)
    if route.kind == GRPC_ROUTE:
        _grpc_auth(build, route)
        found = _grpc(build, route)
        if found != [{"path": defaults.ROUTE_PATH}]:
            build.put(("spec", "routes"), found, route, ("spec", "rules"))
    else:
        read_routes(build, main, hosts)
        _other_target_groups(build)
    _dns(build, [item for item in [main] if item], [host for _, host in hosts])


def _grpc_auth(build: Build, route: Object) -> None:
    """A GRPCRoute's sign-in and tags; the rest of its rules' configurations is no field's.

    eksgen renders no actions or conditions for a gRPC backend (EKS068 refuses them).
    """
    configs = Configs(build)
    named = []
    for index, rule in enumerate(as_list(route.spec.get("rules"))):
        config = configs.of_rule(route, index, rule)
        named.append((route, index, config))
        if config is not None and config._replace(sign_in=None, sign_in_at=None, tags=None) != (
            RuleConfig(config.name)
        ):
            message = "eksgen renders a GRPCRoute's sign-in and tags only; the rest is not imported"
            build.warn(route, ("spec", "rules", index, "filters"), message)
    read_auth(build, named)
    check_rule_tags(build, named)


def _app_routes(
    build: Build, routes: list[Object]
) -> tuple[Object | None, list[tuple[int, Object]]]:
    """The App's route (named after it) and the routes of its rules' more hosts, with N.

    eksgen writes one HTTPRoute (or GRPCRoute) per App and one per rule with more hosts;
    another route of the App's is reported and not imported. Without a route named after
    the App, the first other one is taken for it.
    """
    app = build.group.key[1]
    hosts = [
        (number, route)
        for route in routes
        if route.kind == HTTP_ROUTE and (number := rule_route_number(route, app)) is not None
    ]
    others = [route for route in routes if all(route is not host for _, host in hosts)]
    main = next((route for route in others if route.name == app), others[0] if others else None)
    for route in others:
        if route is not main:
            message = (
                f"eksgen writes one route per App ({main.label if main else app}) and one per "
                "rule with more hosts; not imported"
            )
            build.warn(route, NAME, message)
    return main, hosts


def _other_target_groups(build: Build) -> None:
    """A TargetGroupConfiguration of another Service the App forwards to: the App's settings.

    eksgen writes the App's target group settings for each Service its actions forward to
    (render/gateway.py), as the Ingress's annotations apply to every backend; other settings
    there would change. A Service of the input is an App of its own, with its own.
    """
    own = _target_group_config(build)
    settings = own.spec.get("defaultConfiguration") if own else None
    services = service_keys(build.run)
    namespace = build.group.key[0]
    for action in as_mapping(build.spec.get("actions")).values():
        for group in as_list(dig(action, "forward", "targetGroups")):
            service = dig(group, "service")
            if not isinstance(service, str) or (namespace, service) in services:
                continue
            found = _target_group_config(build, service)
            if found is not None and found.spec.get("defaultConfiguration") != settings:
                message = (
                    "eksgen writes the App's target group settings for each Service its "
                    "actions forward to: these differ from them; not imported"
                )
                build.warn(found, ("spec", "defaultConfiguration"), message)


def _listen_ports(build: Build, gateway: Object, sections: set[Any]) -> None:
    """spec.exposure.listenPorts from the Gateway's listeners the App uses, when not 80/443.

    The route names its HTTPS listener (or its HTTP one without TLS); HTTP that redirects
    is the Gateway's HTTP listener, which the redirect route holds.
    """
    listeners = [as_mapping(item) for item in as_list(gateway.spec.get("listeners"))]
    ports: dict[str, int] = {}
    for protocol, default in (("HTTP", HTTP_PORT), ("HTTPS", HTTPS_PORT)):
        mine = [item for item in listeners if item.get("protocol") == protocol]
        used = [item for item in mine if item.get("name") in sections] or mine
        port = used[0].get("port") if used else None
        if type(port) is int and port != default:
            ports[protocol.lower()] = port
    if ports:
        build.put(("spec", "exposure", "listenPorts"), ports, gateway, ("spec", "listeners"))


def _grpc(build: Build, route: Object) -> list[dict[str, Any]]:
    """A GRPCRoute's paths; a gRPC backend even where no TargetGroupConfiguration says so.

    The controller makes the target groups of a GRPCRoute speak gRPC on an HTTPS listener
    (buildTargetGroupProtocolVersion in pkg/gateway/model/model_build_target_group.go,
    v3.5.0), which is what backendProtocolVersion GRPC renders.
    """
    if "backendProtocolVersion" not in build.spec["exposure"]:
        where = ("kind",)
        build.put(("spec", "exposure", "backendProtocolVersion"), "GRPC", route, where)
    paths = grpc_paths(build, route)
    ports = _rule_ports(build, route)
    return [entry | ports[index] for index, entry in paths]


def _rule_ports(build: Build, route: Object) -> list[dict[str, Any]]:
    """Per rule, the port entry of its paths: none for the Service's first port."""
    first = build.ports[0][1] if build.ports else None
    found = []
    for rule in as_list(route.spec.get("rules")):
        backends = as_list(dig(rule, "backendRefs"))
        number = dig(backends[0], "port") if backends else None
        found.append({} if number == first else {"port": build.port_ref(number)})
    return found


def _redirects(build: Build, gateway: Object) -> bool:
    """Whether a route on the Gateway's HTTP listener redirects every request to HTTPS."""
    for route in build.run.of_kind(HTTP_ROUTE):
        parents = as_list(route.spec.get("parentRefs"))
        if route.namespace != gateway.namespace or not parents:
            continue
        if dig(parents[0], "name") != gateway.name:
            continue
        for rule in as_list(route.spec.get("rules")):
            for item in as_list(dig(rule, "filters")):
                if dig(item, "requestRedirect", "scheme") == "https":
                    return True
    return False


def _nlb_tls(build: Build, config: Object | None) -> None:
    secure = _listener_configs(config, "TLS")
    if not secure or config is None:
        return
    tls = _tls(build, config, secure[0][1])
    ports = [port for port, _ in secure]
    service = build.group.service
    assert service is not None
    tcp = _tcp_ports(service)
    if sorted(ports) != sorted(tcp):
        tls["ports"] = [tcp.get(port, port) for port in ports]
    build.put(("spec", "tls"), tls, config, ("spec", "listenerConfigurations"))


def _tcp_ports(service: Object) -> dict[int, int | str]:
    """The Service's TCP port numbers, each with how the spec names it (name, else number)."""
    found: dict[int, int | str] = {}
    for item in as_list(service.spec.get("ports")):
        number, name = dig(item, "port"), dig(item, "name")
        if type(number) is int and (dig(item, "protocol") or "TCP") == "TCP":
            found.setdefault(number, name if isinstance(name, str) and name else number)
    return found


def _keep_dns_annotation(build: Build, route: Object, key: str, value: str) -> None:
    """An ExternalDNS key no spec field models (aws-weight, say): kept for the routes."""
    kept = build.data.get("metadata", {}).get("annotations", {})
    if key in kept:
        return  # the first route's value (the routes of one App carry the same)
    where = ("metadata", "annotations", key)
    build.put(where, value, route, where)
    message = "not modelled by eksgen: kept verbatim in metadata.annotations, for the routes"
    build.warn(route, where, message, key=True)


def _dns(build: Build, routes: list[Object], host_routes: Sequence[Object] = ()) -> None:
    """spec.dns from the routes' ExternalDNS annotations (and an NLB's hosts).

    eksgen marks the route of a rule's more hosts annotation-only whatever spec.dns says
    (render/gateway_objects.py host_route: conditions make no record), so that is not read.
    """
    for route in [*routes, *host_routes]:
        for key, value in route.annotations().items():
            if not isinstance(key, str) or "external-dns" not in key.split("/")[0]:
                continue
            suffix = key.split("/", 1)[-1]
            where = ("metadata", "annotations", key)
            if suffix == _HOSTNAME_SOURCE and route in host_routes:
                continue
            if suffix == _TTL and decimal(str(value)) is not None:
                build.put(("spec", "dns", "ttl"), decimal(str(value)), route, where)
            elif suffix == _HOSTNAME_SOURCE and value == "annotation-only":
                build.put(("spec", "dns", "enabled"), False, route, where)
            elif suffix == _HOSTNAME and "hosts" not in build.spec:
                hosts = [host.strip() for host in str(value).split(",") if host.strip()]
                build.put(("spec", "hosts"), hosts, route, where)
            elif suffix not in (_TTL, _HOSTNAME_SOURCE, _HOSTNAME) and isinstance(value, str):
                _keep_dns_annotation(build, route, key, value)
