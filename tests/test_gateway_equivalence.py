"""One spec, two APIs, the same load balancers.

Each spec is rendered with --api ingress and with --api gateway, and each output is read the
way the AWS Load Balancer Controller reads it: the Ingress's and the Service's annotations
(docs/guide/ingress/annotations.md, docs/guide/service/annotations.md, v3.5.0), or the
Gateway, its LoadBalancerConfiguration, routes and TargetGroupConfigurations
(docs/guide/gateway/*.md, v3.5.0). Both readings must give the same load balancers,
listeners, certificates, hosts, paths, backends, target types and health checks.
"""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, example_specs, gateway_ready
from eksgen.api import render

VALID_CASES = sorted((ROOT / "tests" / "cases" / "valid").glob("*.yaml"))
SPECS = gateway_ready([s for s in example_specs() + VALID_CASES if "kind: App" in s.read_text()])
ALB_PREFIX, NLB_PREFIX = "alb.ingress.kubernetes.io/", "service.beta.kubernetes.io/"
PATH_TYPES = {"Prefix": "PathPrefix", "Exact": "Exact", "ImplementationSpecific": "Exact"}
INGRESS_CHECKS = {
    "healthcheck-path": "path",
    "healthcheck-port": "port",
    "healthcheck-protocol": "protocol",
    "healthcheck-interval-seconds": "interval",
    "healthcheck-timeout-seconds": "timeout",
    "healthy-threshold-count": "healthy",
    "unhealthy-threshold-count": "unhealthy",
    "success-codes": "codes",
}
SERVICE_CHECKS = {
    "aws-load-balancer-healthcheck-path": "path",
    "aws-load-balancer-healthcheck-port": "port",
    "aws-load-balancer-healthcheck-protocol": "protocol",
    "aws-load-balancer-healthcheck-interval": "interval",
    "aws-load-balancer-healthcheck-timeout": "timeout",
    "aws-load-balancer-healthcheck-healthy-threshold": "healthy",
    "aws-load-balancer-healthcheck-unhealthy-threshold": "unhealthy",
    "aws-load-balancer-healthcheck-success-codes": "codes",
}
GATEWAY_CHECKS = {
    "healthCheckPath": "path",
    "healthCheckPort": "port",
    "healthCheckProtocol": "protocol",
    "healthCheckInterval": "interval",
    "healthCheckTimeout": "timeout",
    "healthyThresholdCount": "healthy",
    "unhealthyThresholdCount": "unhealthy",
}


def _objects(spec: Path, api: str) -> list[dict[str, Any]]:
    return [yaml.safe_load(m.text) for m in render([str(spec)], api=api).manifests]


def assert_valid_and_equivalent(spec: Path | str) -> list[dict[str, Any]]:
    """A spec's Gateway API objects, each valid against its CRD, equivalent to its Ingress."""
    from gateway_crds import GATEWAY_KINDS, crd_errors

    gateway = _objects(Path(spec), "gateway")
    for item in gateway:
        if item["kind"] in GATEWAY_KINDS:
            assert crd_errors(item) == [], (item["kind"], item["metadata"]["name"])
    assert _gateway_view(gateway) == _ingress_view(_objects(Path(spec), "ingress"))
    return gateway


def _split(text: str | None) -> list[str]:
    return [item for item in (text or "").split(",") if item]


def _pairs(text: str | None) -> dict[str, str]:
    return dict(item.split("=", 1) for item in _split(text))


def _ingress_view(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The load balancers as the controller reads the Ingresses and the NLB Services."""
    view: dict[str, Any] = {}
    ports = {
        (item["metadata"]["namespace"], item["metadata"]["name"], port.get("name")): port["port"]
        for item in objects
        if item["kind"] == "Service"
        for port in item["spec"]["ports"]
    }
    for item in objects:
        notes = item["metadata"].get("annotations", {})
        if item["kind"] == "Ingress":
            key = _ingress_key(notes, item)
            port_of = functools.partial(_port_of, ports, item["metadata"]["namespace"])
            alb = _alb_from_ingress(item, notes, port_of)
            view[key] = _merged(view.get(key), alb)
        elif item["kind"] == "Service" and item["spec"]["type"] == "LoadBalancer":
            key = f"nlb {item['metadata']['namespace']}/{item['metadata']['name']}"
            view[key] = _nlb_from_service(item, notes)
    return view


def _port_of(ports: dict[tuple[str, str, Any], int], namespace: str, name: str, port: str) -> int:
    return ports[namespace, name, port]


def _merged(group: dict[str, Any] | None, member: dict[str, Any]) -> dict[str, Any]:
    """An IngressGroup's ALB: the members' listeners, certificates, paths and targets."""
    if group is None:
        return member
    merged = dict(group)
    for field in ("listeners", "certificates", "paths"):
        merged[field] = sorted(set(group[field]) | set(member[field]))
    for field in ("tags", "attributes", "listener attributes"):
        merged[field] = member[field] | group[field]
    merged["targets"] = group["targets"] | member["targets"]
    merged["redirect"] = group["redirect"] or member["redirect"]
    return merged


def _ingress_key(notes: dict[str, str], item: dict[str, Any]) -> str:
    """An ALB by its IngressGroup's name, else its Ingress's: what names its Gateway."""
    group = notes.get(ALB_PREFIX + "group.name")
    return f"alb {group or item['metadata']['name']}"


PortOf = Any  # (Service name, port name) -> its number


def _alb_from_ingress(
    item: dict[str, Any], notes: dict[str, str], port_of: PortOf
) -> dict[str, Any]:
    alb = {key.removeprefix(ALB_PREFIX): value for key, value in notes.items()}
    listeners = sorted(
        (protocol, port)
        for entry in json.loads(alb["listen-ports"])
        for protocol, port in entry.items()
    )
    certificates = _split(alb.get("certificate-arn"))
    paths = sorted(
        atom
        for rule in item["spec"]["rules"]
        for p in rule["http"]["paths"]
        for atom in _ingress_atoms(alb, rule.get("host"), p, port_of)
    )
    checks = {name: alb[key] for key, name in INGRESS_CHECKS.items() if key in alb}
    return {
        "scheme": alb["scheme"],
        "name": alb.get("load-balancer-name"),
        "subnets": _split(alb.get("subnets")),
        "source ranges": _split(alb.get("inbound-cidrs")),
        "tags": _pairs(alb.get("tags")),
        "attributes": _pairs(alb.get("load-balancer-attributes")),
        "listener attributes": _by_listener(alb, "listener-attributes."),
        "listeners": listeners,
        "certificates": certificates,
        "ssl policy": alb.get("ssl-policy") if certificates else None,
        "redirect": int(alb["ssl-redirect"]) if "ssl-redirect" in alb else None,
        "paths": paths,
        "targets": {
            name: {
                "type": alb["target-type"],
                "check": checks,
                "attributes": _pairs(alb.get("target-group-attributes")),
                "protocol version": alb.get("backend-protocol-version"),
                "sign-in": _ingress_sign_in(alb),
                "tls ports": [],
            }
            for name in [item["metadata"]["name"], *_forwarded_services(alb)]
        },
    }


def _forwarded_services(alb: dict[str, str]) -> list[str]:
    """The Services the actions forward to: the Ingress's target group settings are theirs."""
    found = []
    for key, value in alb.items():
        if key.startswith("actions."):
            for group in json.loads(value).get("forwardConfig", {}).get("targetGroups", []):
                if "serviceName" in group:
                    found.append(group["serviceName"])
    return found


# An atom of an ALB rule: one host, one path pattern, one value of each other condition,
# the source IPs, what the rule does, its sign-in and its tags. A rule matches a request when one of
# its atoms does, in either API: the Ingress ORs the values of a condition, the Gateway API
# writes one match per value (or joins header values, which the controller splits again).
Atom = tuple[Any, ...]
PLACEHOLDERS = {
    "protocol": "#{protocol}",
    "host": "#{host}",
    "port": "#{port}",
    "path": "/#{path}",
    "query": "#{query}",
}


def _ingress_atoms(
    alb: dict[str, str], host: str | None, path: dict[str, Any], port_of: PortOf
) -> list[Atom]:
    """The atoms of one Ingress path, read as the controller reads the annotations.

    pkg/ingress/model_build_listener_rules.go (v3.5.0): the rule's host and path are ORed
    with the host-header and path-pattern values of its conditions; the other conditions
    are ANDed, each ORing its values.
    """
    service = path["backend"]["service"]
    port = service["port"]
    conditions = json.loads(alb.get("conditions." + service["name"], "[]"))
    hosts = [host.lower()] if host else []  # the ALB matches hosts in any case
    paths = [(path["path"], PATH_TYPES[path["pathType"]])]
    headers: list[Any] = [()]
    methods: list[Any] = [None]
    queries: list[Any] = [()]
    source = None
    for condition in conditions:
        field = condition["field"]
        if field == "host-header":
            hosts += [h.lower() for h in condition["hostHeaderConfig"].get("values", [])]
        elif field == "path-pattern":
            paths += [(v, "Exact") for v in condition["pathPatternConfig"]["values"]]
        elif field == "http-header":
            config = condition["httpHeaderConfig"]
            regex = "regexValues" in config
            values = config["regexValues"] if regex else config["values"]
            headers = [((config["httpHeaderName"], v, regex),) for v in values]
        elif field == "http-request-method":
            methods = condition["httpRequestMethodConfig"]["values"]
        elif field == "query-string":
            pairs = condition["queryStringConfig"]["values"]
            queries = [((pair.get("key"), pair["value"]),) for pair in pairs]
        elif field == "source-ip":
            source = tuple(sorted(condition["sourceIPConfig"]["values"]))
    if port.get("name") == "use-annotation":
        action = _ingress_action(json.loads(alb["actions." + service["name"]]), port_of)
    else:
        action = ("forward", ((service["name"], port["number"], None),), None)
    sign_in = alb.get("auth-type") if alb.get("auth-type") in ("oidc", "cognito") else None
    tags = tuple(sorted(_pairs(alb.get("tags")).items()))  # every rule of the Ingress's
    return [
        (h, p, kind, header, method, query, source, action, sign_in, tags)
        for h in hosts or ["*"]
        for p, kind in paths
        for header in headers
        for method in methods
        for query in queries
    ]


def _ingress_action(data: dict[str, Any], port_of: PortOf) -> Any:
    if data["type"] == "redirect":
        config = data["redirectConfig"]
        parts = {
            key: None if config.get(key, kept) == kept else config[key]
            for key, kept in PLACEHOLDERS.items()
        }
        if parts["protocol"]:
            parts["protocol"] = parts["protocol"].upper()
        if parts["host"]:
            parts["host"] = parts["host"].lower()
        if parts["port"]:
            parts["port"] = int(parts["port"])
        status = int(config["statusCode"].removeprefix("HTTP_"))
        return ("redirect", tuple(sorted(parts.items())), status)
    if data["type"] == "fixed-response":
        config = data["fixedResponseConfig"]
        return ("fixed-response", int(config["statusCode"]), config.get("contentType"),
                config.get("messageBody"))  # fmt: skip
    if "forwardConfig" not in data:  # the short form: one target group
        name = data.get("targetGroupName") or _arn_name(data["targetGroupARN"])
        return ("forward", ((f"target group {name}", None, None),), None)
    config = data["forwardConfig"]
    groups = config["targetGroups"]
    targets = tuple(_ingress_target(group, len(groups), port_of) for group in groups)
    sticky = config.get("targetGroupStickinessConfig", {}).get("durationSeconds")
    return ("forward", targets, sticky)


def _ingress_target(group: dict[str, Any], count: int, port_of: PortOf) -> tuple[str, Any, Any]:
    weight = group.get("weight") if count > 1 else None
    if "serviceName" in group:
        port = group["servicePort"]
        number = port if isinstance(port, int) else port_of(group["serviceName"], port)
        return (group["serviceName"], number, weight)
    name = group.get("targetGroupName") or _arn_name(group["targetGroupARN"])
    return (f"target group {name}", None, weight)


def _arn_name(arn: str) -> str:
    return arn.split(":targetgroup/", 1)[1].split("/", 1)[0]


# The auth annotations' cognito JSON keys and the other auth-* annotations, by the names the
# ListenerRuleConfiguration's actions use (docs/guide/ingress/annotations.md, v3.5.0).
COGNITO_KEYS = {
    "userPoolARN": "userPoolArn",
    "userPoolClientID": "userPoolClientId",
    "userPoolDomain": "userPoolDomain",
}
AUTH_KEYS = {
    "auth-scope": "scope",
    "auth-session-cookie": "sessionCookieName",
    "auth-session-timeout": "sessionTimeout",
    "auth-on-unauthenticated-request": "onUnauthenticatedRequest",
}


def _ingress_sign_in(alb: dict[str, str]) -> dict[str, Any] | None:
    """The provider and session settings of the Ingress's rules (none: no sign-in)."""
    kind = alb.get("auth-type")
    if kind not in ("oidc", "cognito"):
        return None
    provider = json.loads(alb["auth-idp-" + kind])
    if kind == "cognito":
        provider = {COGNITO_KEYS[key]: value for key, value in provider.items()}
    else:
        provider["secret"] = provider.pop("secretName")  # a Secret of the route's namespace
    settings = {name: alb[key] for key, name in AUTH_KEYS.items() if key in alb}
    return {"type": kind, **provider, **settings}


def _nlb_from_service(item: dict[str, Any], notes: dict[str, str]) -> dict[str, Any]:
    nlb = {key.removeprefix(NLB_PREFIX): value for key, value in notes.items()}
    tls_ports = {int(port) for port in _split(nlb.get("aws-load-balancer-ssl-ports"))}
    listeners = sorted(
        ("TLS" if _terminates_tls(port, tls_ports) else port["protocol"], port["port"])
        for port in item["spec"]["ports"]
    )
    checks = {name: nlb[key] for key, name in SERVICE_CHECKS.items() if key in nlb}
    # Certificates serve TLS listeners: with UDP ports alone there is none to serve.
    has_tls = any(protocol == "TLS" for protocol, _ in listeners)
    certificates = _split(nlb.get("aws-load-balancer-ssl-cert")) if has_tls else []
    return {
        "scheme": nlb["aws-load-balancer-scheme"],
        "name": nlb.get("aws-load-balancer-name"),
        "subnets": _split(nlb.get("aws-load-balancer-subnets")),
        "source ranges": item["spec"].get("loadBalancerSourceRanges", []),
        "tags": _pairs(nlb.get("aws-load-balancer-additional-resource-tags")),
        "attributes": _pairs(nlb.get("aws-load-balancer-attributes")),
        "listener attributes": _by_listener(nlb, "aws-load-balancer-listener-attributes."),
        "listeners": listeners,
        "certificates": certificates,
        "ssl policy": nlb.get("aws-load-balancer-ssl-negotiation-policy") if certificates else None,
        "redirect": None,
        "paths": sorted(
            ("*", "", "", item["metadata"]["name"], port["port"]) for port in item["spec"]["ports"]
        ),
        "targets": {
            item["metadata"]["name"]: {
                "type": nlb["aws-load-balancer-nlb-target-type"],
                "check": checks,
                "attributes": _target_attributes(nlb),
                "protocol version": None,
                "sign-in": None,
                # backend-protocol ssl: the target groups of TLS listeners speak TLS.
                "tls ports": sorted(
                    port["port"]
                    for port in item["spec"]["ports"]
                    if nlb.get("aws-load-balancer-backend-protocol") == "ssl"
                    and _terminates_tls(port, tls_ports)
                ),
            }
        },
    }


def _target_attributes(nlb: dict[str, str]) -> dict[str, str]:
    """The target group attributes, with what proxy-protocol '*' sets on every target group.

    pkg/service/model_build_target_group.go (v3.5.0): the annotation sets
    proxy_protocol_v2.enabled and takes precedence over target-group-attributes.
    """
    attributes = _pairs(nlb.get("aws-load-balancer-target-group-attributes"))
    if nlb.get("aws-load-balancer-proxy-protocol") == "*":
        attributes["proxy_protocol_v2.enabled"] = "true"
    return attributes


def _terminates_tls(port: dict[str, Any], tls_ports: set[int]) -> bool:
    """A TCP port named by ssl-ports (a UDP one of the same number is no TLS listener)."""
    return port["protocol"] == "TCP" and port["port"] in tls_ports


def _gateway_view(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The load balancers as the controller reads the Gateways and what they name."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for item in objects:
        by_kind.setdefault(item["kind"], []).append(item)
    configs = {
        c["metadata"]["name"]: c["spec"] for c in by_kind.get("LoadBalancerConfiguration", [])
    }
    targets = {
        t["spec"]["targetReference"]["name"]: t["spec"]
        for t in by_kind.get("TargetGroupConfiguration", [])
    }
    kinds = ("HTTPRoute", "GRPCRoute", "TCPRoute", "UDPRoute")
    routes = [r for kind in kinds for r in by_kind.get(kind, [])]
    rule_configs = {
        (c["metadata"]["namespace"], c["metadata"]["name"]): c["spec"]
        for c in by_kind.get("ListenerRuleConfiguration", [])
    }
    view: dict[str, Any] = {}
    for gateway in by_kind.get("Gateway", []):
        name = gateway["metadata"]["name"]
        config = configs[gateway["spec"]["infrastructure"]["parametersRef"]["name"]]
        attached = [r for r in routes if r["spec"]["parentRefs"][0]["name"] == name]
        alb = gateway["spec"]["gatewayClassName"] == "aws-alb"
        key = _gateway_key(gateway, alb)
        view[key] = _from_gateway(gateway, config, attached, (targets, rule_configs), alb)
    return view


def _gateway_key(gateway: dict[str, Any], alb: bool) -> str:
    name = gateway["metadata"]["name"]
    return f"alb {name}" if alb else f"nlb {gateway['metadata']['namespace']}/{name}"


def _from_gateway(
    gateway: dict[str, Any],
    config: dict[str, Any],
    routes: list[dict[str, Any]],
    named: tuple[dict[str, Any], dict[tuple[str, str], Any]],
    alb: bool,
) -> dict[str, Any]:
    targets, rule_configs = named
    listeners = sorted((item["protocol"], item["port"]) for item in gateway["spec"]["listeners"])
    configured = config.get("listenerConfigurations", [])
    secure = [entry for entry in configured if "defaultCertificate" in entry]
    certificates = (
        [secure[0]["defaultCertificate"], *secure[0].get("certificates", [])] if secure else []
    )
    redirect = None
    paths: list[Any] = []
    backends: dict[str, dict[str, Any]] = {}
    for route in routes:
        grpc = route["kind"] == "GRPCRoute"
        namespace = route["metadata"]["namespace"]
        for rule in route["spec"]["rules"]:
            rule_config: dict[str, Any] = {}
            for flt in rule.get("filters", []):
                if flt["type"] == "ExtensionRef":  # the controller reads the one it names
                    rule_config = rule_configs[(namespace, flt["extensionRef"]["name"])]
                elif route["metadata"]["name"].endswith("-redirect"):
                    redirect = flt["requestRedirect"]["port"]  # the Gateway's HTTP listener
            if route["metadata"]["name"].endswith("-redirect") and "backendRefs" not in rule:
                continue
            sign_in = _gateway_sign_in(rule_config)
            for backend in rule.get("backendRefs", []):
                if backend.get("kind", "Service") != "Service":
                    continue
                seen = backends.get(backend["name"], {}).get("routes", [])
                identity = (route["kind"], namespace, route["metadata"]["name"])
                found = {"sign-in": sign_in, "grpc": grpc, "routes": seen}
                backends[backend["name"]] = found
                found["routes"] = [*seen, (*identity, backend["port"])]
            if alb:
                hosts = route["spec"].get("hostnames", ["*"])
                paths += _gateway_atoms(rule, rule_config, hosts, grpc)
            else:
                (backend,) = rule["backendRefs"]
                paths.append(("*", "", "", backend["name"], backend["port"]))
    return {
        "scheme": config["scheme"],
        "name": config.get("loadBalancerName"),
        "subnets": [s["identifier"] for s in config.get("loadBalancerSubnets", [])],
        "source ranges": config.get("sourceRanges", []),
        "tags": config.get("tags", {}),
        "attributes": {a["key"]: a["value"] for a in config.get("loadBalancerAttributes", [])},
        "listener attributes": {
            entry["protocolPort"].replace(":", "-"): {
                a["key"]: a["value"] for a in entry["listenerAttributes"]
            }
            for entry in configured
            if "listenerAttributes" in entry
        },
        "listeners": listeners,
        "certificates": certificates,
        "ssl policy": secure[0]["sslPolicy"] if secure else None,
        "redirect": redirect,
        "paths": sorted(paths),
        "targets": {name: _target(targets[name], backends[name]) for name in sorted(backends)},
    }


def _gateway_atoms(
    rule: dict[str, Any], config: dict[str, Any], hosts: list[str], grpc: bool
) -> list[Atom]:
    """The atoms of one route rule, read as the controller reads it.

    pkg/gateway/routeutils/route_rule_condition.go (v3.5.0): each match is a rule of the
    ALB; an Exact header value is split at unescaped ',' into the condition's values; the
    ListenerRuleConfiguration adds source IPs to every match, and its actions the sign-in,
    a fixed response, stickiness or a redirect's query (route_rule_action.go).
    """
    source = None
    for condition in config.get("conditions", []):
        source = tuple(sorted(condition["sourceIPConfig"]["values"]))
    action = _gateway_action(rule, config)
    sign_in = (_gateway_sign_in(config) or {}).get("type")
    tags = tuple(sorted(config.get("tags", {}).items()))
    atoms = []
    for match in rule.get("matches") or [{}]:
        value, kind = _path(match, grpc)
        header_sets = [_header_values(header) for header in match.get("headers", [])]
        query = tuple((q["name"], q["value"]) for q in match.get("queryParams", []))
        method = None if grpc else match.get("method")  # a GRPCRoute's is its path
        for header in itertools.product(*header_sets):
            atoms += [
                (host, value, kind, header, method, query, source, action, sign_in, tags)
                for host in hosts
            ]
    return atoms


def _header_values(header: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """One header match's values as the controller hands them to the ALB."""
    if header.get("type", "Exact") == "RegularExpression":
        return [(header["name"], header["value"], True)]
    values, current, escaped = [], "", False
    for char in header["value"]:  # generateValuesFromMatchHeaderValue
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == ",":
            values, current = [*values, current], ""
        else:
            current += char
    return [(header["name"], value, False) for value in [*values, current]]


def _gateway_action(rule: dict[str, Any], config: dict[str, Any]) -> Any:
    routing = {a["type"]: a for a in config.get("actions", [])}
    if "fixed-response" in routing:
        fixed = routing["fixed-response"]["fixedResponseConfig"]
        return ("fixed-response", fixed["statusCode"], fixed.get("contentType"),
                fixed.get("messageBody"))  # fmt: skip
    for flt in rule.get("filters", []):
        if flt["type"] == "RequestRedirect":
            given = flt["requestRedirect"]
            query = routing.get("redirect", {}).get("redirectConfig", {}).get("query")
            parts = {
                "protocol": given["scheme"].upper() if "scheme" in given else None,
                "host": given.get("hostname"),
                "port": given.get("port"),
                "path": given.get("path", {}).get("replaceFullPath"),
                "query": query,
            }
            return ("redirect", tuple(sorted(parts.items())), given["statusCode"])
    refs = rule["backendRefs"]
    targets = tuple(
        (
            ref["name"]
            if ref.get("kind", "Service") == "Service"
            else f"target group {ref['name']}",
            ref.get("port"),
            ref.get("weight") if len(refs) > 1 else None,
        )
        for ref in refs
    )
    forward = routing.get("forward", {}).get("forwardConfig", {})
    sticky = forward.get("targetGroupStickinessConfig", {}).get("durationSeconds")
    return ("forward", targets, sticky)


def _path(match: dict[str, Any], grpc: bool) -> tuple[str, str]:
    """(path, type) of a match as the ALB's rule reads it.

    A GRPCRoute's method match is the path pattern /service/* or /service/method
    (pkg/gateway/routeutils/route_rule_condition.go, v3.5.0), which for gRPC calls (always
    POST /service/method) is the Ingress's Prefix /service or Exact /service/method.
    """
    if not grpc:
        return (match["path"]["value"], match["path"]["type"]) if match else ("/", "PathPrefix")
    method = match.get("method")
    if method is None:
        return ("/", "PathPrefix")
    if "method" in method:
        return (f"/{method['service']}/{method['method']}", "Exact")
    return (f"/{method['service']}", "PathPrefix")


def _gateway_sign_in(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The provider and session settings of a ListenerRuleConfiguration's action."""
    for action in spec.get("actions", []):
        for kind in ("oidc", "cognito"):
            field = "authenticateOIDCConfig" if kind == "oidc" else "authenticateCognitoConfig"
            if field in action:
                settings = dict(action[field])
                if "secret" in settings:
                    settings["secret"] = settings["secret"]["name"]
                if "sessionTimeout" in settings:
                    settings["sessionTimeout"] = str(settings["sessionTimeout"])
                return {"type": kind, **settings}
    return None


def _by_listener(notes: dict[str, str], family: str) -> dict[str, dict[str, str]]:
    """PROTOCOL-PORT -> that listener's attributes, from a family of annotations."""
    return {
        key.removeprefix(family): _pairs(value)
        for key, value in notes.items()
        if key.startswith(family)
    }


def _target(spec: dict[str, Any], route: dict[str, Any]) -> dict[str, Any]:
    settings = spec["defaultConfiguration"]
    given = settings.get("healthCheckConfig", {})
    check = {name: str(given[key]) for key, name in GATEWAY_CHECKS.items() if key in given}
    if "matcher" in given:
        check["codes"] = given["matcher"].get("httpCode") or given["matcher"]["grpcCode"]
    attributes = {a["key"]: a["value"] for a in settings.get("targetGroupAttributes", [])}
    # A GRPCRoute's target groups speak gRPC without a protocolVersion (v3.5.0).
    version = settings.get("protocolVersion") or ("GRPC" if route["grpc"] else None)
    return {
        "type": settings["targetType"],
        "check": check,
        "attributes": attributes,
        "protocol version": version,
        "sign-in": route["sign-in"],
        "tls ports": _tls_target_ports(spec, route["routes"]),
    }


def _tls_target_ports(spec: dict[str, Any], routes: list[tuple[str, str, str, int]]) -> list[int]:
    """Service ports whose target groups speak TLS: protocol TLS by default or per route.

    The controller takes the configuration's protocol for every L4 route it applies to, a
    routeConfigurations entry for its route (buildL4TargetGroupProtocol in
    pkg/gateway/model/model_build_target_group.go, v3.5.0).
    """
    default = spec["defaultConfiguration"].get("protocol") == "TLS"
    named = {
        (entry["routeIdentifier"]["kind"], entry["routeIdentifier"]["namespace"],
         entry["routeIdentifier"]["name"])
        for entry in spec.get("routeConfigurations", [])
        if entry["targetGroupProps"].get("protocol") == "TLS"
    }  # fmt: skip
    return sorted(
        port
        for kind, namespace, name, port in routes
        if kind != "UDPRoute" and (default or (kind, namespace, name) in named)
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_both_apis_give_the_same_load_balancers(spec: Path) -> None:
    ingress = _ingress_view(_objects(spec, "ingress"))
    gateway = _gateway_view(_objects(spec, "gateway"))
    assert gateway == ingress
    exposed = any(f"type: {kind}" in spec.read_text() for kind in ("alb", "nlb"))
    assert bool(gateway) == exposed


GROUP_MEMBER = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  ports: [{{name: http, port: 8080}}]
  exposure:
    type: alb
    group: {{name: shop}}
    healthCheck: {{path: /{name}/health}}
  hosts: [shop.example.com]
  routes: [{{path: /{name}}}]
  tls: {{certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/{name}"]}}
"""


def test_an_ingress_group_gives_the_same_alb_in_both_apis(tmp_path: Path) -> None:
    for name, namespace in (("cart", "team-b"), ("web", "team-a")):
        text = GROUP_MEMBER.format(name=name, namespace=namespace)
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    ingress = _ingress_view(_objects(tmp_path, "ingress"))
    gateway = _gateway_view(_objects(tmp_path, "gateway"))
    gateway["alb shop"]["certificates"].sort()  # the union, in either order
    assert gateway == ingress
    assert sorted(gateway["alb shop"]["targets"]) == ["cart", "web"]


def test_the_seed_apps_are_compared_in_both_apis() -> None:
    """The seed article's ALB and NLB Apps are among the specs compared."""
    stems = {spec.stem for spec in SPECS}
    assert {"alb-shared", "nlb-public"} <= stems


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_plan_is_the_same_whichever_api_renders_the_load_balancers(spec: Path) -> None:
    from eksgen.api import plan
    from eksgen.plan.json_model import plan_dict

    ingress, _ = plan([str(spec)], api="ingress")
    gateway, _ = plan([str(spec)], api="gateway")
    assert plan_dict(gateway) == plan_dict(ingress)
    exposed = any(f"type: {kind}" in spec.read_text() for kind in ("alb", "nlb"))
    assert bool(plan_dict(gateway)["loadBalancers"]) == exposed


ACTIONS_CASE = ROOT / "tests" / "cases" / "valid" / "alb-route-actions.yaml"


def _drop_source_ips(objects: list[dict[str, Any]]) -> None:
    for item in objects:
        if item["kind"] == "ListenerRuleConfiguration":
            item["spec"].pop("conditions", None)


def _unescape_headers(objects: list[dict[str, Any]]) -> None:
    for item in objects:
        for rule in item["spec"].get("rules", []) if item["kind"] == "HTTPRoute" else []:
            for match in rule.get("matches", []):
                for header in match.get("headers", []):
                    header["value"] = header["value"].replace("\\,", ",")


def _drop_host_routes(objects: list[dict[str, Any]]) -> None:
    objects[:] = [
        o
        for o in objects
        if not (o["kind"] == "HTTPRoute" and o["metadata"]["name"].endswith("-rule-5"))
    ]


@pytest.mark.parametrize("break_it", [_drop_source_ips, _unescape_headers, _drop_host_routes])
def test_the_comparison_sees_a_lost_condition(break_it: Any) -> None:
    """The view tells a rule's conditions apart: losing one makes the two APIs differ."""
    ingress = _ingress_view(_objects(ACTIONS_CASE, "ingress"))
    objects = _objects(ACTIONS_CASE, "gateway")
    assert _gateway_view(objects) == ingress
    break_it(objects)
    assert _gateway_view(objects) != ingress
