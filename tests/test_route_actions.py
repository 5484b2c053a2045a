"""ALB actions and conditions: spec.actions and routes[].action/conditions.

Rendered to alb.ingress.kubernetes.io/actions.NAME and conditions.NAME on the Ingress alone,
with the controller's JSON (pkg/ingress/config_types.go, v3.5.0); imported back from
manifests written the way people write them (the controller's docs' shapes, field names in
any case), and rendered again to the same objects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from conftest import objects_by_kind as _objects
from conftest import write_file as _write
from eksgen.api import check_paths, import_, render_paths
from eksgen.importer import dump_specs

ACTIONS = "alb.ingress.kubernetes.io/actions."
CONDITIONS = "alb.ingress.kubernetes.io/conditions."
CANARY = EXAMPLES / "alb-canary.yaml"
TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/legacy/0123456789abcdef"


def _app(spec: dict[str, Any], name: str = "web") -> str:
    document = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {"ports": [{"name": "http", "port": 80}], "exposure": {"type": "alb"}} | spec,
    }
    return yaml.safe_dump(document, sort_keys=False)


def _as_data(annotations: dict[str, str]) -> dict[str, Any]:
    """Annotations with JSON values parsed, and JSON field names in lower case (as Go reads)."""
    return {key: _lowered(json.loads(value)) if key.startswith((ACTIONS, CONDITIONS)) else value
            for key, value in annotations.items()}  # fmt: skip


def _lowered(data: Any) -> Any:
    if isinstance(data, dict):
        return {key.lower(): _lowered(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_lowered(item) for item in data]
    if isinstance(data, str) and data.isdigit():
        return int(data)  # servicePort "80" and 80 are one port to the controller
    return data


def _imported_back(tmp_path: Path, manifests: str) -> tuple[dict[str, Any], str]:
    imported = import_([str(_write(tmp_path, manifests, "manifests.yaml"))])
    assert imported.errors == []
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    result = render_paths([str(back)])  # raises InvalidInput on any error
    (spec,) = imported.specs
    return spec, result.stream


# ---- rendering ---------------------------------------------------------------------------


def test_the_example_puts_actions_and_conditions_on_the_ingress_alone() -> None:
    objects = _objects(render_paths([str(CANARY)]).stream)
    ingress, service = objects["Ingress"], objects["Service"]
    annotations = ingress["metadata"]["annotations"]
    assert sorted(key for key in annotations if key.startswith(ACTIONS)) == [
        ACTIONS + name for name in ("canary", "canary-always", "docs", "office-only")
    ]
    assert sorted(key for key in annotations if key.startswith(CONDITIONS)) == [
        CONDITIONS + "canary-always",
        CONDITIONS + "office-only",
    ]
    assert not any(
        key.startswith((ACTIONS, CONDITIONS)) for key in service["metadata"].get("annotations", {})
    )
    assert json.loads(annotations[ACTIONS + "canary"]) == {
        "type": "forward",
        "forwardConfig": {
            "targetGroups": [
                {"serviceName": "checkout", "servicePort": "http", "weight": 90},
                {"serviceName": "checkout-canary", "servicePort": 80, "weight": 10},
            ],
            "targetGroupStickinessConfig": {"enabled": True, "durationSeconds": 300},
        },
    }
    assert json.loads(annotations[ACTIONS + "docs"]) == {
        "type": "redirect",
        "redirectConfig": {
            "host": "docs.example.com",
            "path": "/checkout/#{path}",
            "statusCode": "HTTP_301",
        },
    }
    assert json.loads(annotations[CONDITIONS + "office-only"]) == [
        {"field": "source-ip", "sourceIPConfig": {"values": ["0.0.0.0/1", "128.0.0.0/1"]}}
    ]
    kubernetes_validate.validate(ingress, kubernetes_validate.latest_version(), strict=True)


def test_routes_name_their_action_with_the_port_use_annotation() -> None:
    ingress = _objects(render_paths([str(CANARY)]).stream)["Ingress"]
    (rule,) = ingress["spec"]["rules"]
    backends = [(p["path"], p["backend"]["service"]) for p in rule["http"]["paths"]]
    assert backends == [
        ("/api", {"name": "canary-always", "port": {"name": "use-annotation"}}),
        ("/api", {"name": "canary", "port": {"name": "use-annotation"}}),
        ("/help", {"name": "docs", "port": {"name": "use-annotation"}}),
        ("/admin", {"name": "office-only", "port": {"name": "use-annotation"}}),
        ("/", {"name": "checkout", "port": {"number": 80}}),
    ]


def test_conditions_on_routes_to_the_app_are_keyed_by_its_service(tmp_path: Path) -> None:
    spec = {
        "hosts": ["shop.example.com"],
        "routes": [
            {"path": "/", "conditions": [{"methods": ["GET", "HEAD"]}, {"queryStrings": [
                {"value": "beta"}]}]},
        ],
    }  # fmt: skip
    ingress = _objects(render_paths([str(_write(tmp_path, _app(spec)))]).stream)["Ingress"]
    assert json.loads(ingress["metadata"]["annotations"][CONDITIONS + "web"]) == [
        {"field": "http-request-method", "httpRequestMethodConfig": {"values": ["GET", "HEAD"]}},
        {
            "field": "query-string",
            "queryStringConfig": {"values": [{"value": "beta"}]},
        },
    ]


def test_a_forward_to_one_target_group_by_arn_takes_the_short_form(tmp_path: Path) -> None:
    spec = {
        "actions": {"legacy": {"forward": {"targetGroups": [{"targetGroupArn": TG_ARN}]}}},
        "routes": [{"path": "/old", "action": "legacy"}, {"path": "/"}],
    }
    ingress = _objects(render_paths([str(_write(tmp_path, _app(spec)))]).stream)["Ingress"]
    text = ingress["metadata"]["annotations"][ACTIONS + "legacy"]
    assert json.loads(text) == {"type": "forward", "targetGroupARN": TG_ARN}


# ---- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"actions": {"x": {"redirect": {"host": "a.example.com", "statusCode": 307}}}},
         "spec.actions.x.redirect.statusCode"),
        ({"actions": {"x": {"fixedResponse": {"statusCode": 302}}}},
         "spec.actions.x.fixedResponse.statusCode"),
        ({"actions": {"x": {"fixedResponse": {"statusCode": 503}, "redirect": {
            "host": "a.example.com", "statusCode": 301}}}}, "spec.actions.x"),
        ({"actions": {"Bad_Name": {"fixedResponse": {"statusCode": 503}}}}, "spec.actions"),
        ({"routes": [{"path": "/", "port": "http", "action": "x"}]}, "spec.routes[0]"),
        ({"routes": [{"path": "/", "conditions": [{"methods": ["GET"], "sourceIps": [
            "10.0.0.0/8"]}]}]}, "spec.routes[0].conditions[0]"),
        ({"actions": {"x": {"forward": {"targetGroups": [{"port": 80, "weight": 1000}]}}}},
         "spec.actions.x.forward.targetGroups[0].weight"),
    ],
)  # fmt: skip
def test_a_bad_value_is_one_located_error(tmp_path: Path, spec: dict[str, Any], field: str) -> None:
    path = _write(tmp_path, _app(spec))
    result = check_paths([str(path)])
    errors = [problem for problem in result.problems if problem.severity.name == "ERROR"]
    assert len(errors) == 1, [str(problem) for problem in errors]
    assert str(errors[0]).startswith(f"{path}:")
    assert field in str(errors[0])


def test_the_annotation_by_hand_names_the_field(tmp_path: Path) -> None:
    text = _app({}).replace(
        "namespace: shop\n",
        'namespace: shop\n  annotations:\n    alb.ingress.kubernetes.io/actions.x: "{}"\n',
    )
    problems = check_paths([str(_write(tmp_path, text))]).problems
    assert [(p.rule, "set spec.actions instead" in p.message) for p in problems] == [
        ("EKS013", True)
    ]


def test_the_gateway_api_refuses_only_what_it_cannot_name(tmp_path: Path) -> None:
    spec = {
        "exposure": {"type": "alb", "api": "gateway"},
        "actions": {
            "down": {"fixedResponse": {"statusCode": 503}},
            "moved": {"redirect": {"host": "#{host}.old.example.com", "statusCode": 301}},
        },
        "routes": [
            {"path": "/", "action": "down", "conditions": [{"methods": ["GET"]}]},
            {"path": "/a", "action": "moved", "conditions": [{"methods": ["PURGE"]}]},
            {"path": "/b", "action": "down", "conditions": [{"hostRegexes": ["^a+$"]}]},
        ],
    }
    problems = check_paths([str(_write(tmp_path, _app(spec)))]).problems
    assert sorted(str(p.path) for p in problems if p.rule == "EKS068") == [
        "spec.actions.moved.redirect.host",
        "spec.routes[1].conditions[0].methods[0]",
        "spec.routes[2].conditions[0].hostRegexes",
    ]


# ---- import ------------------------------------------------------------------------------


def test_the_example_imports_back_to_the_same_spec_and_objects(tmp_path: Path) -> None:
    rendered = render_paths([str(CANARY)]).stream
    spec, again = _imported_back(tmp_path, rendered)
    assert _objects(again) == _objects(rendered)
    original = yaml.safe_load(CANARY.read_text())["spec"]
    assert spec["spec"]["actions"] == original["actions"]
    assert spec["spec"]["routes"] == [
        {"pathType": "Prefix"} | route for route in original["routes"]
    ]


# Written the way the controller's docs write them: the short forward form, field names in
# other cases (Go's decoder matches any case), servicePort as a string, conditions on the
# app's own Service and on actions.
REAL_WORLD = f"""\
apiVersion: v1
kind: Service
metadata: {{name: shop, namespace: default}}
spec:
  selector: {{app: shop}}
  ports: [{{name: http, port: 80, targetPort: 8080}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: default
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/actions.response-503: >
      {{"type":"fixed-response","fixedResponseConfig":{{"contentType":"text/plain","statusCode":"503","messageBody":"503 error text"}}}}
    alb.ingress.kubernetes.io/actions.redirect-to-eks: >
      {{"type":"redirect","redirectConfig":{{"host":"aws.amazon.com","path":"/eks/","port":"443","protocol":"HTTPS","query":"k=v","statusCode":"HTTP_302"}}}}
    alb.ingress.kubernetes.io/actions.forward-single-tg: >
      {{"type":"forward","targetGroupARN": "{TG_ARN}"}}
    alb.ingress.kubernetes.io/actions.weighted-routing: |
      {{"type":"forward","forwardConfig":{{"targetGroups":[
        {{"serviceName":"shop","servicePort":"80","weight":50}},
        {{"serviceName":"shop-v2","servicePort":"80","weight":50}}],
       "TargetGroupStickinessConfig":{{"Enabled":true,"DurationSeconds":120}}}}}}
    alb.ingress.kubernetes.io/conditions.weighted-routing: >
      [{{"field":"http-header","httpHeaderConfig":{{"httpHeaderName":"HeaderName","values":["HeaderValue1","HeaderValue2"]}}}}]
    alb.ingress.kubernetes.io/conditions.response-503: >
      [{{"field":"http-request-method","httpRequestMethodConfig":{{"Values":["GET","HEAD"]}}}},
       {{"field":"query-string","queryStringConfig":{{"values":[{{"key":"paramA","value":"valueA1"}}]}}}}]
    alb.ingress.kubernetes.io/conditions.shop: >
      [{{"field":"source-ip","sourceIpConfig":{{"values":["192.168.0.0/16","172.16.0.0/16"]}}}}]
spec:
  ingressClassName: alb
  rules:
    - host: www.example.com
      http:
        paths:
          - {{path: /503, pathType: Exact, backend: {{service: {{name: response-503, port: {{name: use-annotation}}}}}}}}
          - {{path: /eks, pathType: Exact, backend: {{service: {{name: redirect-to-eks, port: {{name: use-annotation}}}}}}}}
          - {{path: /legacy, pathType: Prefix, backend: {{service: {{name: forward-single-tg, port: {{name: use-annotation}}}}}}}}
          - {{path: /canary, pathType: Prefix, backend: {{service: {{name: weighted-routing, port: {{name: use-annotation}}}}}}}}
          - {{path: /, pathType: Prefix, backend: {{service: {{name: shop, port: {{number: 80}}}}}}}}
"""  # fmt: skip


def test_real_world_actions_import_and_render_back_as_the_same_rules(tmp_path: Path) -> None:
    spec, again = _imported_back(tmp_path, REAL_WORLD)
    original = _objects(REAL_WORLD)["Ingress"]
    ingress = _objects(again)["Ingress"]
    assert ingress["spec"]["rules"] == original["spec"]["rules"]
    wanted = {
        key: value
        for key, value in original["metadata"]["annotations"].items()
        if key.startswith((ACTIONS, CONDITIONS))
    }
    got = {
        key: value
        for key, value in ingress["metadata"]["annotations"].items()
        if key.startswith((ACTIONS, CONDITIONS))
    }
    assert _as_data(got) == _as_data(wanted)
    assert spec["spec"]["actions"]["weighted-routing"]["forward"]["stickinessSeconds"] == 120
    assert spec["spec"]["routes"][-1] == {
        "path": "/",
        "pathType": "Prefix",
        "port": "http",
        "conditions": [{"sourceIps": ["192.168.0.0/16", "172.16.0.0/16"]}],
    }


def test_an_action_that_routes_use_but_the_spec_cannot_hold_is_refused(tmp_path: Path) -> None:
    manifests = REAL_WORLD.replace('"type":"fixed-response"', '"type":"authenticate-oidc"')
    imported = import_([str(_write(tmp_path, manifests, "manifests.yaml"))])
    assert imported.specs == []
    messages = [str(problem) for problem in imported.errors + imported.warnings]
    assert any("actions.response-503" in m and "authenticate-oidc" in m for m in messages)


def test_an_unused_action_and_stray_conditions_are_dropped_with_a_warning(
    tmp_path: Path,
) -> None:
    manifests = REAL_WORLD.replace(
        "    alb.ingress.kubernetes.io/conditions.shop: >",
        "    alb.ingress.kubernetes.io/actions.spare: >\n"
        '      {"type":"weird"}\n'
        "    alb.ingress.kubernetes.io/conditions.nobody: >\n"
        '      [{"field":"source-ip","sourceIpConfig":{"values":["10.0.0.0/8"]}}]\n'
        "    alb.ingress.kubernetes.io/conditions.shop: >",
    )
    imported = import_([str(_write(tmp_path, manifests, "manifests.yaml"))])
    (spec,) = imported.specs
    assert "spare" not in spec["spec"]["actions"]
    warned = " ".join(str(problem) for problem in imported.warnings)
    assert "actions.spare" in warned and "conditions.nobody" in warned


# ---- property: any valid actions and conditions render, import and render back -------------

_NAMES = st.sampled_from(["canary", "down", "moved", "a", "legacy-tg"])
_WEIGHT = st.integers(min_value=0, max_value=999)
_TARGET = st.one_of(
    st.builds(lambda w: {"port": "http", "weight": w}, _WEIGHT),
    st.builds(lambda w: {"service": "other", "port": 8080, "weight": w}, _WEIGHT),
    st.builds(lambda w: {"targetGroupArn": TG_ARN, "weight": w}, _WEIGHT),
)
_ACTION = st.one_of(
    st.builds(
        lambda targets, sticky: {"forward": {"targetGroups": targets}
                                 | ({"stickinessSeconds": sticky} if sticky else {})},
        st.lists(_TARGET, min_size=1, max_size=3, unique_by=lambda t: next(iter(t))),
        st.one_of(st.none(), st.integers(min_value=1, max_value=604800)),
    ),
    st.builds(
        lambda host, code: {"redirect": {"host": host, "statusCode": code}},
        st.sampled_from(["docs.example.com", "#{host}.old", "x.example.org"]),
        st.sampled_from([301, 302]),
    ),
    st.builds(
        lambda code, body: {"fixedResponse": {"statusCode": code}
                            | ({"messageBody": body} if body else {})},
        st.sampled_from([200, 404, 503]),
        st.one_of(st.none(), st.text("ab: {}'\"#", max_size=20)),
    ),
)  # fmt: skip
_CONDITION = st.one_of(
    st.builds(lambda v: {"methods": v}, st.lists(st.sampled_from(["GET", "POST"]), min_size=1,
                                                 max_size=2, unique=True)),
    st.builds(lambda v: {"header": {"name": "X-Flag", "values": v}},
              st.lists(st.sampled_from(["on", "yes", "1", "*"]), min_size=1, max_size=2)),
    st.builds(lambda v: {"sourceIps": v}, st.lists(st.sampled_from(["10.0.0.0/8",
                                                                    "2001:db8::/32"]),
                                                   min_size=1, max_size=2, unique=True)),
)  # fmt: skip


def _routes_of(actions: dict[str, Any]) -> list[dict[str, Any]]:
    """A route per action; the weights made valid (several targets need one above 0: EKS088)."""
    for action in actions.values():
        groups = action.get("forward", {}).get("targetGroups", [])
        if len(groups) > 1:
            groups[0]["weight"] = max(groups[0]["weight"], 1)
        elif groups:
            groups[0].pop("weight")
    return [{"path": f"/{name}", "action": name} for name in actions]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    actions=st.dictionaries(_NAMES, _ACTION, min_size=1, max_size=3),
    conditions=st.lists(_CONDITION, max_size=1),
)
def test_any_actions_render_import_and_render_back(
    tmp_path_factory: pytest.TempPathFactory,
    actions: dict[str, Any],
    conditions: list[dict[str, Any]],
) -> None:
    routes = _routes_of(actions)
    if conditions:
        routes[0]["conditions"] = conditions
    spec = {"hosts": ["shop.example.com"], "actions": actions, "routes": [*routes, {"path": "/"}]}
    tmp_path = tmp_path_factory.mktemp("actions")
    first = render_paths([str(_write(tmp_path, _app(spec)))])  # raises on any error
    imported_spec, again = _imported_back(tmp_path, first.stream)
    assert again == first.stream or _objects(again) == _objects(first.stream)
    assert imported_spec["spec"]["actions"] == actions


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    actions=st.dictionaries(_NAMES, _ACTION, min_size=1, max_size=3),
    conditions=st.lists(_CONDITION, max_size=2, unique_by=lambda c: next(iter(c))),
    extra_hosts=st.booleans(),
)
def test_any_actions_give_valid_equivalent_gateway_objects(
    tmp_path_factory: pytest.TempPathFactory,
    actions: dict[str, Any],
    conditions: list[dict[str, Any]],
    extra_hosts: bool,
) -> None:
    """Both APIs give the same ALB rules, and every Gateway API object passes its CRD."""
    from test_gateway_equivalence import assert_valid_and_equivalent

    routes = _routes_of(actions)
    if conditions or extra_hosts:
        more = [{"hosts": ["promo.example.com"]}] if extra_hosts else []
        routes[0]["conditions"] = conditions + more
    spec = {
        "hosts": ["shop.example.com"],
        "actions": actions,
        "routes": [*routes, {"path": "/"}],
    }
    path = str(_write(tmp_path_factory.mktemp("gateway"), _app(spec)))
    assume(not check_paths([path], api="gateway").errors)
    assert_valid_and_equivalent(path)


# ---- the order of rules on the Gateway API (EKS096) ---------------------------------------

ORDERS = [
    # A route's more hosts outrank a route without hostnames, whatever the paths.
    (
        {"routes": [{"path": "/api"}, {"path": "/", "action": "down",
                                       "conditions": [{"hosts": ["a.example.com"]}]}]},
        True,
    ),
    # With the App's own host named, both rules have a hostname: paths decide, as on the Ingress.
    (
        {"hosts": ["a.example.com"],
         "routes": [{"path": "/api"}, {"path": "/", "action": "down",
                                       "conditions": [{"hosts": ["a.example.com"]}]}]},
        False,
    ),
    # A method outranks a header on one path; the Ingress keeps the spec's order.
    (
        {"routes": [{"path": "/api", "action": "down",
                     "conditions": [{"header": {"name": "X-Beta", "values": ["1"]}}]},
                    {"path": "/api", "action": "moved", "conditions": [{"methods": ["POST"]}]}]},
        True,
    ),
    # The same routes with the method first: one order in both APIs.
    (
        {"routes": [{"path": "/api", "action": "moved", "conditions": [{"methods": ["POST"]}]},
                    {"path": "/api", "action": "down",
                     "conditions": [{"header": {"name": "X-Beta", "values": ["1"]}}]}]},
        False,
    ),
    # Paths that do not overlap never conflict.
    ({"routes": [{"path": "/api"}, {"path": "/docs/*", "pathType": "ImplementationSpecific",
                                    "action": "down"}]}, False),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "flagged"), ORDERS)
def test_the_gateway_api_order_of_overlapping_routes_is_checked(
    tmp_path: Path, spec: dict[str, Any], flagged: bool
) -> None:
    actions = {
        "down": {"fixedResponse": {"statusCode": 503}},
        "moved": {"redirect": {"host": "new.example.com", "statusCode": 301}},
    }
    path = _write(tmp_path, _app(spec | {"actions": actions}))
    problems = check_paths([str(path)], api="gateway").problems
    assert ("EKS096" in [p.rule for p in problems]) == flagged, problems
    on_ingress = check_paths([str(path)], api="ingress").problems
    assert "EKS096" not in [p.rule for p in on_ingress]  # the Ingress's order is the spec's


def test_hosts_in_any_case_are_written_in_lower_case(tmp_path: Path) -> None:
    """The ALB matches hosts in any case; the Gateway API's hostnames are lower-case."""
    from test_gateway_equivalence import assert_valid_and_equivalent

    spec = {
        "hosts": ["shop.example.com"],
        "routes": [
            {"path": "/deals", "action": "moved", "conditions": [{"hosts": ["Deals.Example.com"]}]},
            {"path": "/"},
        ],
        "actions": {"moved": {"redirect": {"host": "New.Example.com", "statusCode": 301}}},
    }
    gateway = assert_valid_and_equivalent(str(_write(tmp_path, _app(spec))))
    hostnames = [o["spec"].get("hostnames") for o in gateway if o["kind"] == "HTTPRoute"]
    assert ["deals.example.com"] in hostnames
