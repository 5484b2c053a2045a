"""eksgen import of Gateway API route actions and conditions: HTTPRoute matches, backendRefs,
RequestRedirect filters, ListenerRuleConfigurations and the routes of a rule's more hosts read
back into spec.routes and spec.actions.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from eksgen.api import render
from eksgen.importer import dump_specs, import_manifests
from eksgen.importer.gateway_matches import split_header_value
from eksgen.render.gateway_actions import escape_header_value
from eksgen.render.layout import output_files, stream

ROUTE_ACTIONS = ROOT / "tests" / "cases" / "valid" / "alb-route-actions.yaml"
CANARY = ROOT / "examples" / "alb-canary.yaml"


def _import_rendered(tmp_path: Path, spec: Path) -> tuple[Any, Any]:
    first = render([str(spec)], api="gateway")
    for relative, text in output_files(first.manifests).items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    return first, import_manifests([str(tmp_path)])


@pytest.mark.parametrize("spec", [CANARY, ROUTE_ACTIONS], ids=lambda path: path.stem)
def test_actions_and_conditions_round_trip_byte_for_byte(spec: Path, tmp_path: Path) -> None:
    first, result = _import_rendered(tmp_path / "out", spec)
    assert (result.errors, result.warnings) == ([], [])
    specs = tmp_path / "specs.yaml"
    specs.write_text(dump_specs(result.specs), encoding="utf-8")
    second = render([str(specs)])
    assert stream(second.manifests) == stream([m for m in first.manifests if m.namespace])


def _by_name(result: Any) -> dict[str, dict[str, Any]]:
    return {spec["metadata"]["name"]: spec["spec"] for spec in result.specs}


def test_route_actions_import_as_their_conditions_and_action_kinds(tmp_path: Path) -> None:
    _, result = _import_rendered(tmp_path, ROUTE_ACTIONS)
    apps = _by_name(result)
    assert set(apps) == {"status", "storefront"}  # storefront-beta's configuration is no app
    storefront = apps["storefront"]
    routes, actions = storefront["routes"], storefront["actions"]
    assert [route["path"] for route in routes] == [
        "/search",
        "/beta",
        "/agents",
        "/old",
        "/promo",
        "/internal",
        "/",
    ]
    assert [route.get("conditions") for route in routes] == [
        [{"methods": ["GET", "HEAD"]}, {"queryStrings": [{"key": "q", "value": "*"}]}],
        [{"paths": ["/preview/*"]}, {"header": {"name": "X-Beta", "values": ["yes", "a,b"]}}],
        [{"header": {"name": "User-Agent", "regexValues": ["^curl/.*", "^Wget/.*"]}}],
        None,
        [{"hosts": ["deals.example.com", "*.offers.example.com"]}],
        [{"sourceIps": ["10.0.0.0/8"]}],
        None,
    ]
    kinds = [
        next(iter(actions[route["action"]])) if "action" in route else None for route in routes
    ]
    assert kinds == [
        "forward",
        "forward",
        "forward",
        "redirect",
        "fixedResponse",
        "forward",
        None,
    ]
    assert actions[routes[1]["action"]]["forward"]["targetGroups"] == [
        {"port": "http", "weight": 80},
        {"service": "storefront-beta", "port": 8080, "weight": 20},
    ]
    assert actions[routes[2]["action"]]["forward"]["stickinessSeconds"] == 60
    assert actions[routes[3]["action"]] == {
        "redirect": {
            "protocol": "HTTPS",
            "host": "new.example.com",
            "port": 443,
            "path": "/landing",
            "query": "from=old",
            "statusCode": 302,
        }
    }
    assert storefront["exposure"]["auth"]["type"] == "cognito"
    # An App without hosts: its hosts-only rule is back at its index.
    status = apps["status"]
    assert status["routes"] == [
        {
            "path": "/health",
            "action": "fixed-response-1",
            "conditions": [{"hosts": ["status.example.com"]}],
        },
        {"path": "/"},
    ]
    assert status["actions"] == {"fixed-response-1": {"fixedResponse": {"statusCode": 200}}}
    assert "dns" not in status  # the host route's annotation-only is not the App's word


# The Service and the Gateway of an App web whose route each test writes.
SERVICE_AND_GATEWAY = """\
apiVersion: v1
kind: Service
metadata: {{name: web, namespace: shop}}
spec:
  selector: {{app: web}}
  ports: [{{name: http, port: 80{target}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: web, namespace: shop}}
spec:
  gatewayClassName: aws-alb
  listeners: [{{name: http, protocol: HTTP, port: 80}}]
---
"""
HAND_WRITTEN = (
    SERVICE_AND_GATEWAY.format(target=", targetPort: 8080")
    + """\
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: web}]
  rules:
    - matches:
        - path: {type: PathPrefix, value: /api}
          headers: [{name: X-Canary, value: always}]
      backendRefs:
        - {name: web-canary, port: 80, weight: 10}
        - {name: web, port: 80, weight: 90}
    - matches:
        - path: {type: PathPrefix, value: /v2}
          headers: [{name: X-Canary, value: always}]
      backendRefs:
        - {name: web-canary, port: 80, weight: 10}
        - {name: web, port: 80, weight: 90}
    - matches:
        - path: {type: PathPrefix, value: /v1}
      backendRefs:
        - {name: web-canary, port: 80, weight: 10}
        - {name: web, port: 80, weight: 90}
    - matches:
        - path: {type: PathPrefix, value: /docs}
        - path: {type: PathPrefix, value: /help}
      backendRefs: [{name: web, port: 80}]
"""
)


def _import_text(text: str) -> Any:
    return import_manifests(["-"], stdin=io.StringIO(text))


def test_a_hand_written_route_with_weights_and_a_header_imports_as_actions() -> None:
    result = _import_text(HAND_WRITTEN)
    assert (result.errors, result.warnings) == ([], [])
    (spec,) = result.specs
    assert spec["metadata"]["name"] == "web"  # named after web, whose first backend is not
    assert spec["spec"]["routes"] == [
        {
            "path": "/api",
            "action": "forward-1",
            "conditions": [{"header": {"name": "X-Canary", "values": ["always"]}}],
        },
        # The same forward and conditions: the same action.
        {
            "path": "/v2",
            "action": "forward-1",
            "conditions": [{"header": {"name": "X-Canary", "values": ["always"]}}],
        },
        # Other conditions (none): an action of its own, as EKS089 wants.
        {"path": "/v1", "action": "forward-2"},
        # Two prefixes no condition says: a route each, to the first port.
        {"path": "/docs"},
        {"path": "/help"},
    ]
    weighted = {
        "forward": {
            "targetGroups": [
                {"service": "web-canary", "port": 80, "weight": 10},
                {"port": "http", "weight": 90},
            ]
        }
    }
    assert spec["spec"]["actions"] == {"forward-1": weighted, "forward-2": weighted}


def test_a_plain_route_keeps_conditions_every_plain_route_shares() -> None:
    text = HAND_WRITTEN.split("  rules:\n")[0] + (
        "  rules:\n"
        "    - matches:\n"
        "        - path: {type: Exact, value: /a}\n"
        "          method: GET\n"
        "        - path: {type: Exact, value: /a}\n"
        "          method: HEAD\n"
        "      backendRefs: [{name: web, port: 80}]\n"
    )
    result = _import_text(text)
    assert (result.errors, result.warnings) == ([], [])
    (spec,) = result.specs
    assert spec["spec"]["routes"] == [
        {"path": "/a", "pathType": "Exact", "conditions": [{"methods": ["GET", "HEAD"]}]}
    ]
    assert "actions" not in spec["spec"]


def test_backend_refs_without_weights_weigh_one_each() -> None:
    """The Gateway API's default weight, which a spec forward to several targets must say."""
    text = HAND_WRITTEN.split("  rules:\n")[0] + (
        "  rules:\n"
        "    - backendRefs: [{name: web, port: 80}, {kind: TargetGroupName, name: old-web}]\n"
    )
    result = _import_text(text)
    assert (result.errors, result.warnings) == ([], [])
    (spec,) = result.specs
    assert spec["spec"]["routes"] == [{"path": "/", "action": "forward-1"}]
    assert spec["spec"]["actions"]["forward-1"]["forward"]["targetGroups"] == [
        {"port": "http", "weight": 1},
        {"targetGroupName": "old-web", "weight": 1},
    ]


def _warnings(result: Any) -> list[tuple[str, str]]:
    return sorted((problem.path, problem.message) for problem in result.warnings)


MALFORMED = (
    SERVICE_AND_GATEWAY.format(target="")
    + """\
apiVersion: gateway.k8s.aws/v1
kind: ListenerRuleConfiguration
metadata: {name: web-rule-2, namespace: shop}
spec:
  actions:
    - type: jwt-validation
      jwtValidationConfig: {issuer: "https://example.com"}
    - type: fixed-response
      fixedResponseConfig: [not, a, mapping]
  conditions:
    - field: http-header
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: web}]
  rules:
    - matches: {path: {type: PathPrefix, value: /a}}
      backendRefs: [{name: web, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /b}}]
      backendRefs: [{name: web, port: 80}]
      filters:
        - type: ExtensionRef
          extensionRef: {group: gateway.k8s.aws, kind: ListenerRuleConfiguration, name: web-rule-2}
    - matches: [{path: {type: PathPrefix, value: /c}, headers: [{type: Prefix, name: x, value: y}]}]
      backendRefs: [{name: web, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /d}}]
      filters:
        - type: RequestRedirect
          requestRedirect: {hostname: example.com, statusCode: 307}
    - matches: [{path: {type: PathPrefix, value: /e}}]
      backendRefs: [{name: web, port: 8443}, {kind: Deployment, name: web}]
    - matches: [{path: {type: [odd], value: /f}}]
      backendRefs: not-a-list
    - not-a-rule
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs: [{name: web, port: 80}]
"""
)


def test_malformed_rules_and_configurations_are_warnings_not_exceptions() -> None:
    result = _import_text(MALFORMED)
    assert result.errors == []
    assert _warnings(result) == [
        ("spec.actions[0].type", "not modelled by eksgen; not imported"),
        ("spec.actions[1].fixedResponseConfig", "not a mapping; not imported"),
        ("spec.conditions[0].field", "not modelled by eksgen; not imported"),
        ("spec.rules[0].matches", "not a list; rule not imported"),
        (
            "spec.rules[2].matches[0].headers[0].type",
            "'Prefix': eksgen renders Exact and RegularExpression; match not imported",
        ),
        (
            "spec.rules[3].filters[0].requestRedirect.statusCode",
            "307: eksgen renders redirects of 301 and 302; rule not imported",
        ),
        ("spec.rules[4].backendRefs[0].port", "not a port of Service web; rule not imported"),
        (
            "spec.rules[5].backendRefs",
            "not a list; rule not imported",
        ),
        (
            "spec.rules[5].matches[0].path.type",
            "['odd']: eksgen renders PathPrefix and Exact; match not imported",
        ),
        ("spec.rules[6]", "not a mapping; not imported"),
    ]
    (spec,) = result.specs
    # What could be read is: rule 1 (its configuration said nothing eksgen renders) and /.
    assert spec["spec"]["routes"] == [{"path": "/b"}, {"path": "/"}]


def test_a_route_of_more_hosts_that_is_not_the_apps_rule_is_reported(tmp_path: Path) -> None:
    first = render([str(ROUTE_ACTIONS)], api="gateway")
    files = output_files(first.manifests)
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    path = tmp_path / "retail" / "storefront" / "httproute-rule-5.yaml"
    route = yaml.safe_load(path.read_text())
    route["spec"]["rules"][0]["matches"][0]["path"]["value"] = "/other"
    path.write_text(yaml.safe_dump(route))
    result = import_manifests([str(tmp_path)])
    assert [(p.file.rsplit("/", 1)[-1], p.path, p.message) for p in result.warnings] == [
        (
            "httproute-rule-5.yaml",
            "spec.rules[0]",
            "not the App's rule 5, which eksgen writes here too; not imported",
        )
    ]
    routes = _by_name(result)["storefront"]["routes"]
    assert "conditions" not in routes[4]


def test_another_services_target_group_settings_must_be_the_apps(tmp_path: Path) -> None:
    first = render([str(CANARY)], api="gateway")
    for relative, text in output_files(first.manifests).items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    path = tmp_path / "shop" / "checkout" / "targetgroupconfiguration-checkout-canary.yaml"
    config = yaml.safe_load(path.read_text())
    config["spec"]["defaultConfiguration"]["targetType"] = "instance"
    path.write_text(yaml.safe_dump(config))
    result = import_manifests([str(tmp_path)])
    assert [(p.path, p.message) for p in result.warnings] == [
        (
            "spec.defaultConfiguration",
            "eksgen writes the App's target group settings for each Service its actions "
            "forward to: these differ from them; not imported",
        )
    ]


@pytest.mark.parametrize(
    "values", [["yes"], ["a,b", "c"], ["back\\slash", "x,\\,y"], [",", "\\"]], ids=str
)
def test_header_values_split_as_the_controller_does(values: list[str]) -> None:
    joined = ",".join(escape_header_value(value) for value in values)
    assert split_header_value(joined) == values


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 70000) | st.sampled_from(["web", "/", "Exact"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
MATCH = st.fixed_dictionaries(
    {},
    optional={
        "path": st.fixed_dictionaries(
            {"type": st.sampled_from(["PathPrefix", "Exact", "RegularExpression"])},
            optional={"value": st.sampled_from(["/", "/a", "/b*"]) | VALUES},
        ),
        "headers": st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["x", "y"]), "value": st.sampled_from(["1", "a,b"])},
                optional={"type": st.sampled_from(["Exact", "RegularExpression"])},
            ),
            max_size=2,
        )
        | VALUES,
        "method": st.sampled_from(["GET", "HEAD"]) | VALUES,
        "queryParams": st.lists(
            st.fixed_dictionaries({"name": st.just("q"), "value": st.sampled_from(["1", "2"])}),
            max_size=2,
        ),
    },
)
BACKEND = st.fixed_dictionaries(
    {"name": st.sampled_from(["a", "b", "tg"]) | VALUES},
    optional={
        "port": st.sampled_from([80, 81]) | VALUES,
        "weight": st.integers(0, 999) | VALUES,
        "kind": st.sampled_from(["Service", "TargetGroupName", "Other"]) | VALUES,
    },
)
FILTER = st.sampled_from(
    [
        {
            "type": "ExtensionRef",
            "extensionRef": {"kind": "ListenerRuleConfiguration", "name": "a-rule-1"},
        },
        {"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}},
    ]
) | st.fixed_dictionaries({"type": st.just("RequestRedirect"), "requestRedirect": VALUES})
RULE = st.fixed_dictionaries(
    {},
    optional={
        "matches": st.lists(MATCH, max_size=3) | VALUES,
        "backendRefs": st.lists(BACKEND, max_size=2) | VALUES,
        "filters": st.lists(FILTER, max_size=2),
    },
)
ACTION = st.fixed_dictionaries(
    {"type": st.sampled_from(["forward", "redirect", "fixed-response", "jwt-validation"]) | VALUES},
    optional={
        "forwardConfig": VALUES,
        "redirectConfig": VALUES,
        "fixedResponseConfig": VALUES,
    },
)


@settings(max_examples=80, deadline=None)
@given(
    rules=st.lists(RULE | VALUES, max_size=3),
    host_rules=st.lists(RULE, max_size=2),
    actions=st.lists(ACTION, max_size=2) | VALUES,
    conditions=VALUES,
)
def test_any_rules_and_rule_configurations_import_without_a_crash(
    rules: Any, host_rules: Any, actions: Any, conditions: Any
) -> None:
    meta = {"namespace": "n", "labels": {"app.kubernetes.io/name": "a"}}
    objects = [
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"selector": {"app": "a"}, "ports": [{"port": 80}]},
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "Gateway",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"listeners": [{"name": "http", "protocol": "HTTP", "port": 80}]},
        },
        {
            "apiVersion": "gateway.k8s.aws/v1",
            "kind": "ListenerRuleConfiguration",
            "metadata": {"name": "a-rule-1", "namespace": "n"},
            "spec": {"actions": actions, "conditions": conditions},
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": "a", **meta},
            "spec": {"parentRefs": [{"name": "a"}], "rules": rules},
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": "a-rule-1", **meta},
            "spec": {
                "parentRefs": [{"name": "a"}],
                "hostnames": ["x.example"],
                "rules": host_rules,
            },
        },
    ]
    result = import_manifests(["-"], stdin=io.StringIO(yaml.safe_dump_all(objects)))
    for spec in result.specs:
        dump_specs([spec])  # every spec returned is schema-valid data


# ---- any App of actions and conditions: rendered, imported and rendered again ------------

_ACTIONS = {
    "own": {"forward": {"targetGroups": [{"port": "admin"}]}},
    "split": {
        "forward": {
            "targetGroups": [
                {"port": "http", "weight": 70},
                {"service": "web-next", "port": 8080, "weight": 30},
            ],
            "stickinessSeconds": 30,
        }
    },
    "legacy": {"forward": {"targetGroups": [{"targetGroupName": "legacy-web"}]}},
    "moved": {"redirect": {"host": "new.example.com", "query": "a=1", "statusCode": 301}},
    "secure": {"redirect": {"protocol": "HTTPS", "path": "/x", "statusCode": 302}},
    "down": {"fixedResponse": {"statusCode": 503, "contentType": "text/plain"}},
}
_COGNITO = {
    "type": "cognito",
    "cognito": {
        "userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc123",
        "userPoolClientId": "client123",
        "userPoolDomain": "shop-auth",
    },
}
_CONDITIONS = st.sampled_from(
    [
        {"hosts": ["more.example.com"]},
        {"hosts": ["web.example.com", "*.more.example.com"]},
        {"paths": ["/p1", "/p2*"]},
        {"header": {"name": "X-A", "values": ["1", "a,b"]}},
        {"header": {"name": "X-B", "regexValues": ["^x", "^y"]}},
        {"methods": ["GET", "POST"]},
        {"queryStrings": [{"key": "q", "value": "1"}, {"key": "r", "value": "2"}]},
        {"sourceIps": ["10.0.0.0/8"]},
    ]
)


@st.composite
def _action_apps(draw: st.DrawFn) -> dict[str, Any]:
    routes = []
    for _ in range(draw(st.integers(1, 4))):
        route: dict[str, Any] = {"path": draw(st.sampled_from(["/", "/a", "/b/c", "/d"]))}
        path_type = draw(st.sampled_from([None, "Exact", "ImplementationSpecific"]))
        if path_type is not None:
            route["pathType"] = path_type
        target = draw(st.sampled_from([None, "admin", *_ACTIONS]))
        if target == "admin":
            route["port"] = "admin"
        elif target is not None:
            route["action"] = target
        conditions = draw(st.lists(_CONDITIONS, max_size=3, unique_by=str))
        if conditions:
            route["conditions"] = conditions
        routes.append(route)
    used = {route["action"] for route in routes if "action" in route}
    spec: dict[str, Any] = {
        "ports": [{"name": "http", "port": 8080}, {"name": "admin", "port": 9090}],
        "exposure": {"type": "alb", "api": "gateway"},
        "routes": routes,
    }
    if used:
        spec["actions"] = {name: _ACTIONS[name] for name in sorted(used)}
    if draw(st.booleans()):
        spec["hosts"] = ["web.example.com"]
    if draw(st.booleans()):  # sign-in: in front of every rule's own configuration too
        spec["tls"] = {"certificateArns": ["arn:aws:acm:us-east-1:123456789012:certificate/a"]}
        spec["exposure"]["auth"] = _COGNITO
    return {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": spec,
    }


@settings(max_examples=60, deadline=None)
@given(app=_action_apps())
def test_any_app_of_actions_and_conditions_round_trips(app: dict[str, Any]) -> None:
    import tempfile

    from hypothesis import assume

    from eksgen.api import check_paths

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "app.yaml"
        path.write_text(yaml.safe_dump(app), encoding="utf-8")
        assume(not check_paths([str(path)]).errors)
        first, result = _import_rendered(Path(folder) / "out", path)
        assert result.errors == []
        specs = Path(folder) / "specs.yaml"
        specs.write_text(dump_specs(result.specs), encoding="utf-8")
        second = render([str(specs)])
        assert stream(second.manifests) == stream([m for m in first.manifests if m.namespace])
