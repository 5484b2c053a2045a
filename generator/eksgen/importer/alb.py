"""An ALB Ingress and its alb.ingress.kubernetes.io annotations read back into spec fields.

Scheme, target type and the exposure fields of the annotation table (target group
annotations on the backend Service override the Ingress's, as they do for the controller),
then TLS (certificate, policy, listen-ports and ssl-redirect) and the rules (hosts, routes,
ExternalDNS). Where the Ingress holds something eksgen renders differently (other
listeners, routes that differ per host, paths to another Service) a warning says what the
rendered Ingress will do instead; a target type the manifests leave to the controller's
default, with a Service where either type works, is an error (a guess replaces the target
groups when wrong).
"""

from __future__ import annotations

import json
from typing import Any

from eksgen.importer.actions import is_action_backend, read_actions
from eksgen.importer.build import Build, Found, moved_up
from eksgen.importer.fields import (
    dns,
    exposure_fields,
    from_service,
    listener_attributes,
    put_found,
    tls_certificates,
    unused_without_certificate,
)
from eksgen.importer.objects import Object, as_list, as_mapping, dig, service_type_of
from eksgen.model import defaults
from eksgen.model.app import ALB, INSTANCE
from eksgen.model.controller import (
    COGNITO_JSON_KEYS,
    INGRESS_CLASS,
    INGRESS_FAMILY_FIELDS,
    INGRESS_FIELDS,
    INGRESS_PREFIX,
    LEGACY_CLASS_ANNOTATION,
    OIDC_JSON_KEYS,
)
from eksgen.model.listeners import HTTP_PORT, HTTPS_PORT, alb_listeners_for
from eksgen.spec.path import FieldPath

HTTP, HTTPS = "HTTP", "HTTPS"

# ALB target group annotations, which a backend Service may carry too (overriding the Ingress).
_TARGET_GROUP_KEYS = frozenset(
    suffix
    for suffix, spec_field in INGRESS_FIELDS.items()
    if spec_field.startswith(
        (
            "spec.exposure.healthCheck",
            "spec.exposure.attributes.targetGroup",
            "spec.exposure.backendProtocol",
            "spec.exposure.targetNodeLabels",
            "spec.exposure.auth",
        )
    )
)


def read_alb(build: Build) -> None:
    """spec.exposure, spec.tls and the rules' fields of an app whose Ingress is an ALB's."""
    ingress, service = build.group.ingress, build.group.service
    assert ingress is not None
    build.spec["exposure"] = {"type": ALB}
    ingress_class = ingress.spec.get("ingressClassName")
    if isinstance(ingress_class, str) and ingress_class != INGRESS_CLASS:
        build.spec["exposure"]["ingressClass"] = ingress_class
    legacy = build.take(LEGACY_CLASS_ANNOTATION, ingress)
    if legacy is not None:
        message = (
            f"deprecated: eksgen writes spec.ingressClassName: {ingress_class or INGRESS_CLASS} "
            "instead; not imported"
        )
        build.warn(ingress, legacy.path, message, key=True)
    scheme = build.take(INGRESS_PREFIX + "scheme", ingress)
    if scheme is not None or "ingressClass" not in build.spec["exposure"]:
        # Of another class, no scheme annotation: the class may set it (EKS073 otherwise).
        put_found(build, "scheme", scheme, defaults.SCHEME)
    _alb_target_type(build, ingress, service)
    if build.failed:
        return

    def sources(suffix: str) -> list[Object | None]:
        return [service, ingress] if suffix in _TARGET_GROUP_KEYS else [ingress]

    exposure_fields(build, INGRESS_PREFIX, INGRESS_FIELDS, sources)
    listener_attributes(build, INGRESS_PREFIX, INGRESS_FAMILY_FIELDS, ingress)
    group = build.spec["exposure"].get("group")
    class_group = _class_group(build)
    if group is not None and "name" not in group and class_group is not None:
        # The class names the group (IngressClassParams group.name): the order is the App's.
        group["name"] = class_group
    if group is not None and "name" not in group:
        message = "no effect without group.name, and eksgen renders it only with one; not imported"
        build.warn(ingress, ("metadata", "annotations", INGRESS_PREFIX + "group.order"), message)
        del build.spec["exposure"]["group"]
        build.origins = moved_up(build.origins, ("spec", "exposure", "group"))
    _alb_waf(build, ingress)
    _alb_auth_providers(build, ingress, service)
    _alb_tls(build, ingress)
    _alb_rules(build, ingress)


def _alb_auth_providers(build: Build, ingress: Object, service: Object | None) -> None:
    """spec.exposure.auth.oidc and .cognito from the controller's JSON (Service's wins)."""
    for suffix, field, keys in (
        ("auth-idp-oidc", "oidc", OIDC_JSON_KEYS),
        ("auth-idp-cognito", "cognito", COGNITO_JSON_KEYS),
    ):
        found = build.take(INGRESS_PREFIX + suffix, service, ingress)
        if found is None:
            continue
        provider = _provider(build, found, keys)
        if provider is not None:
            build.put(
                ("spec", "exposure", "auth", field), provider, found.source, found.path, "same"
            )
            from_service(build, found)


def _provider(build: Build, found: Found, keys: dict[str, str]) -> dict[str, str] | None:
    """The provider's JSON object under the spec's names; anything else is not imported."""
    try:
        data = json.loads(found.value)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        message = "not a JSON object of strings, as the controller reads it; not imported"
        build.warn(found.source, found.path, message)
        return None
    names = {json_key: name for name, json_key in keys.items()}
    unknown = sorted(key for key in data if key not in names)
    if unknown:
        message = f"{', '.join(unknown)}: not a key the controller reads; not imported"
        build.warn(found.source, found.path, message)
    return {names[key]: value for key, value in data.items() if key in names}


def _alb_waf(build: Build, ingress: Object) -> None:
    """spec.exposure.waf from wafv2-acl-name or wafv2-acl-arn ('none' detaches any ACL).

    The controller takes the name when both are given
    (pkg/ingress/model_build_load_balancer_addons.go, v3.5.0): the ARN is then not imported,
    with a warning.
    """
    by_name = build.take(INGRESS_PREFIX + "wafv2-acl-name", ingress)
    by_arn = build.take(INGRESS_PREFIX + "wafv2-acl-arn", ingress)
    if by_name is not None and by_arn is not None:
        message = "the controller uses wafv2-acl-name when both are given; not imported"
        build.warn(ingress, by_arn.path, message, key=True)
        by_arn = None
    found, field = (by_name, "aclName") if by_name is not None else (by_arn, "aclArn")
    if found is None:
        return
    text = found.value.strip()
    if not text:
        build.warn(
            found.source,
            found.path,
            "empty: the controller leaves the web ACL as it is; not imported",
            key=True,
        )
        return
    if text == "none":
        build.put(("spec", "exposure", "waf"), {"enabled": False}, found.source, found.path, "same")
    else:
        build.put(("spec", "exposure", "waf"), {field: text}, found.source, found.path, "same")


def _alb_target_type(build: Build, ingress: Object, service: Object | None) -> None:
    """The target type: the annotation (the Service's wins), else what the Service type allows."""
    service_type = service_type_of(service)
    found = build.take(INGRESS_PREFIX + "target-type", service, ingress)
    if found is not None:
        put_found(build, "targetType", found, defaults.TARGET_TYPE)
        from_service(build, found)
    elif service_type in ("NodePort", "LoadBalancer"):
        # Either target type works with a node port: the controller's --default-target-type
        # decides (pkg/ingress/model_build_target_group.go, v3.5.0), and it is instance in
        # the controller's chart but ip in an eksgen Cluster. A guess would replace the
        # target groups when wrong.
        message = (
            f"no target-type on the Ingress or its {service_type} Service: the targets are the "
            "controller's --default-target-type, which the manifests do not say (instance in "
            "the controller's chart, ip in an eksgen Cluster); eksgen writes a target type, "
            "and another one replaces the ALB's target groups. Not imported: set "
            f"{INGRESS_PREFIX}target-type to the target type in use, and import again"
        )
        build.refuse(ingress, ("metadata", "annotations"), message)
        return
    else:
        build.spec["exposure"]["targetType"] = imported = defaults.TARGET_TYPE
        message = (
            f"no target-type: the controller's default, {INSTANCE}, cannot work with a "
            f"ClusterIP Service; imported as {imported}"
            if service
            else f"no target-type: the controller's default is {INSTANCE}; imported as {imported}"
        )
        build.warn(ingress, ("metadata", "annotations"), message)
    target = build.spec["exposure"]["targetType"]
    rendered = "NodePort" if target == INSTANCE else "ClusterIP"
    if service is not None and service_type not in (rendered, "LoadBalancer"):
        message = f"{service_type!r} with {target} targets: eksgen renders a {rendered} Service"
        build.warn(service, ("spec", "type"), message)


def _alb_tls(build: Build, ingress: Object) -> None:
    """spec.tls from certificate-arn, ssl-policy, listen-ports and ssl-redirect."""
    cert, policy, listen, redirect, mutual = (
        build.take(INGRESS_PREFIX + suffix, ingress)
        for suffix in (
            "certificate-arn",
            "ssl-policy",
            "listen-ports",
            "ssl-redirect",
            "mutual-authentication",
        )
    )
    listeners = _listeners(build, listen)
    http_port, https_port = _listen_ports(build, ingress, listeners)
    cert, policy = _class_tls(build, ingress, cert, policy)
    # HTTPS without certificate-arn: the controller discovers certificates by the rule hosts.
    discovered = cert is None and any(protocol == "HTTPS" for protocol, _ in listeners or [])
    if cert is None and not discovered:
        unused_without_certificate(build, policy, redirect, mutual)
        if listen is not None and listeners not in (
            None,
            alb_listeners_for(False, False, http_port),
        ):
            message = f"without certificate-arn or HTTPS eksgen renders HTTP {HTTP_PORT} only"
            ingress_class = build.spec["exposure"].get("ingressClass")
            if ingress_class is not None:
                message = (
                    f"without certificate-arn eksgen renders HTTP {HTTP_PORT} only: the "
                    f"certificates of class {ingress_class!r} are its IngressClassParams', "
                    "which the import does not read; give spec.tls.certificateArns to keep HTTPS"
                )
            build.warn(ingress, listen.path, message)
        return
    if cert is not None:
        tls_certificates(build, cert, policy, "ssl-policy")
    elif listen is not None:
        tls_certificates(build, listen, policy, "ssl-policy", discovered=True)
    http = listeners is not None and ("HTTP", http_port) in listeners
    redirect_http = redirect is not None or http
    if redirect is not None and redirect.value.strip() != str(https_port):
        message = f"eksgen redirects HTTP {http_port} to HTTPS {https_port} only"
        build.warn(ingress, redirect.path, message)
    expected = alb_listeners_for(True, redirect_http, http_port, https_port)
    # Without listen-ports, the controller's default for an Ingress with a certificate.
    actual = [("HTTPS", HTTPS_PORT)] if listeners is None else listeners
    if sorted(actual) != sorted(expected) or (http and redirect is None):
        message = _listener_message(actual, expected, redirect is not None, https_port)
        build.warn(ingress, ("metadata", "annotations", INGRESS_PREFIX + "listen-ports"), message)
    if redirect_http != defaults.REDIRECT_HTTP:
        where = ("metadata", "annotations")
        build.put(("spec", "tls", "redirectHttp"), redirect_http, ingress, where)
    if mutual is not None:
        _mutual_tls(build, mutual, https_port)


def _listen_ports(
    build: Build, ingress: Object, listeners: list[tuple[str, int]] | None
) -> tuple[int, int]:
    """spec.exposure.listenPorts from listen-ports: one HTTP and one HTTPS port at most.

    Ports other than 80 and 443 are written to the spec; with more listeners of one
    protocol the first is kept (the listener check below says what eksgen renders).
    """
    found = {HTTP: HTTP_PORT, HTTPS: HTTPS_PORT}
    for protocol in (HTTP, HTTPS):
        ports = [port for name, port in listeners or [] if name == protocol]
        if ports and 0 < ports[0] < 65536:
            found[protocol] = ports[0]
    given = {
        key: found[protocol]
        for key, protocol, default in (("http", HTTP, HTTP_PORT), ("https", HTTPS, HTTPS_PORT))
        if found[protocol] != default
    }
    if given:
        where = ("metadata", "annotations", INGRESS_PREFIX + "listen-ports")
        build.put(("spec", "exposure", "listenPorts"), given, ingress, where, "same")
    return found[HTTP], found[HTTPS]


def _class_params(build: Build) -> dict[str, Any]:
    """The IngressClassParams spec of the App's class, when the input has it."""
    ingress_class = build.spec["exposure"].get("ingressClass")
    return build.run.params_of(ingress_class) if isinstance(ingress_class, str) else {}


def _class_group(build: Build) -> str | None:
    name = as_mapping(_class_params(build).get("group")).get("name")
    return name if isinstance(name, str) else None


def _class_tls(
    build: Build, ingress: Object, cert: Found | None, policy: Found | None
) -> tuple[Found | None, Found | None]:
    """The certificates and TLS policy of the class's params where the Ingress has none.

    The controller takes them from the params (pkg/ingress/model_build_listener.go, v3.5.0),
    and eksgen leaves their annotations out for an App of the class: reading them back keeps
    the App's HTTPS listener.
    """
    params = _class_params(build)
    where = ("spec", "ingressClassName")
    arns = [arn for arn in as_list(params.get("certificateArn")) if isinstance(arn, str)]
    if cert is None and arns:
        cert = Found(",".join(arns), ingress, where)
    ssl_policy = params.get("sslPolicy")
    if cert is not None and policy is None and isinstance(ssl_policy, str):
        policy = Found(ssl_policy, ingress, where)
    return cert, policy


# The controller's mutual-authentication keys by spec field name (docs, v3.5.0).
_MUTUAL_KEYS = {
    "mode": "mode",
    "trustStore": "trustStore",
    "ignoreClientCertificateExpiry": "ignoreClientCertificateExpiry",
    "advertiseTrustStoreCaNames": "advertiseTrustStoreCaNames",
}


def _mutual_tls(build: Build, found: Found, https_port: int) -> None:
    """spec.tls.mutualAuthentication from the entry of the HTTPS port eksgen renders."""
    try:
        entries = json.loads(found.value)
    except ValueError:
        entries = None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        message = "not a JSON list of objects, as the controller reads it; not imported"
        build.warn(found.source, found.path, message)
        return
    ours = [entry for entry in entries if entry.get("port") == https_port]
    others = sorted({str(entry.get("port")) for entry in entries} - {str(https_port)})
    if others:
        message = f"ports {', '.join(others)}: eksgen renders HTTPS {https_port} only; not imported"
        build.warn(found.source, found.path, message)
    if not ours:
        return
    entry = ours[0]
    mutual = {name: entry[key] for name, key in _MUTUAL_KEYS.items() if key in entry}
    names = mutual.get("advertiseTrustStoreCaNames")
    if names in ("on", "off"):
        mutual["advertiseTrustStoreCaNames"] = names == "on"
    build.put(("spec", "tls", "mutualAuthentication"), mutual, found.source, found.path, "same")


def _listener_message(
    actual: list[tuple[str, int]], expected: list[tuple[str, int]], redirect: bool, https: int
) -> str:
    """Why the listeners eksgen renders differ from the manifest's (README: What eksgen writes)."""
    given, rendered = _listen_text(actual), _listen_text(expected)
    if redirect and actual == [("HTTPS", https)]:
        return (
            f"{given} with ssl-redirect: there is no HTTP listener to redirect, so eksgen "
            f"renders {rendered}, adding the HTTP listener the redirect needs"
        )
    if redirect:
        return f"{given}: eksgen renders {rendered} with ssl-redirect {https}"
    return (
        f"{given} without ssl-redirect: eksgen renders {rendered} with ssl-redirect "
        f"{https} (HTTP redirects to HTTPS)"
    )


def _listen_text(listeners: list[tuple[str, int]]) -> str:
    """Listeners as the listen-ports annotation writes them, for messages."""
    return json.dumps([{protocol: port} for protocol, port in listeners], separators=(",", ":"))


def _listeners(build: Build, found: Found | None) -> list[tuple[str, int]] | None:
    """listen-ports as (protocol, port) pairs; None when absent or unreadable."""
    if found is None:
        return None
    try:
        items = json.loads(found.value)
        pairs = [(protocol, port) for item in items for protocol, port in item.items()]
    except (ValueError, TypeError, AttributeError, RecursionError):
        pairs = []  # RecursionError: JSON nested deeper than the parser goes
    if pairs and all(isinstance(name, str) and type(port) is int for name, port in pairs):
        return pairs
    message = 'not a JSON list such as [{"HTTP":80}]; not imported'
    build.warn(found.source, found.path, message)
    return None


def _alb_rules(build: Build, ingress: Object) -> None:
    """spec.hosts, spec.routes and spec.dns from the rules and the ExternalDNS annotations."""
    hosts: list[tuple[str, FieldPath]] = []
    hostless = False
    route_sets: list[tuple[int, list[dict[str, Any]]]] = []
    for index, rule in enumerate(as_list(ingress.spec.get("rules"))):
        host = dig(rule, "host")
        if not (isinstance(host, str) and host):
            hostless = True
        elif host not in [known for known, _ in hosts]:
            hosts.append((host, ("spec", "rules", index, "host")))
        paths = as_list(dig(rule, "http", "paths"))
        if paths:
            route_sets.append((index, _routes(build, ingress, index, paths)))
    if hosts and hostless:
        message = (
            "rules with and without a host: eksgen gives every host the same routes and "
            "renders no rule without a host"
        )
        build.warn(ingress, ("spec", "rules"), message)
    routes = route_sets[0][1] if route_sets else []
    for index, other in route_sets[1:]:
        if other != routes:
            message = "routes differ from the first rule's, which eksgen gives every host"
            build.warn(ingress, ("spec", "rules", index), message)
    read_actions(build, ingress, routes)
    _put_routes(build, ingress, routes)
    dns(build, hosts, [ingress, build.group.service])


def _routes(build: Build, ingress: Object, index: int, paths: list[Any]) -> list[dict[str, Any]]:
    routes = []
    name = build.group.key[1]
    for number, item in enumerate(paths):
        where: FieldPath = ("spec", "rules", index, "http", "paths", number)
        backend = dig(item, "backend", "service")
        if is_action_backend(item) and isinstance(dig(backend, "name"), str):
            routes.append(_action_route(item, dig(backend, "name")))
            continue
        if dig(backend, "name") != name:
            message = f"eksgen routes to the app's own Service ({name}) only; path not imported"
            build.warn(ingress, (*where, "backend"), message)
            continue
        port = as_mapping(dig(backend, "port"))
        ref = build.port_ref(port.get("number"), port.get("name"))
        if ref is None:
            message = f"not a port of Service {name}; path not imported"
            build.warn(ingress, (*where, "backend", "service", "port"), message)
            continue
        path, path_type = dig(item, "path"), dig(item, "pathType")
        if path is None or path_type is None:
            message = (
                f"path or pathType missing: imported as {defaults.ROUTE_PATH!r} and "
                f"{defaults.PATH_TYPE} where missing"
            )
            build.warn(ingress, where, message)
        path, path_type = path or defaults.ROUTE_PATH, path_type or defaults.PATH_TYPE
        routes.append({"path": path, "pathType": path_type, "port": ref})
    return routes


def _action_route(item: Any, action: str) -> dict[str, Any]:
    """A path whose backend reads an action: the route names the action."""
    path = dig(item, "path") or defaults.ROUTE_PATH
    return {"path": path, "pathType": dig(item, "pathType") or defaults.PATH_TYPE, "action": action}


def _put_routes(build: Build, ingress: Object, routes: list[dict[str, Any]]) -> None:
    first = build.port_ref(build.ports[0][1]) if build.ports else None
    default = {"path": defaults.ROUTE_PATH, "pathType": defaults.PATH_TYPE, "port": first}
    if routes and routes != [default]:
        build.put(("spec", "routes"), routes, ingress, ("spec", "rules"), "same")
