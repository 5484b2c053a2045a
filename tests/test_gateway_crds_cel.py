"""The CRDs' CEL rules (x-kubernetes-validations) in crd_errors: all of them run, and refuse.

crd_errors used to check only the CRDs' openAPIV3Schema; the API server also evaluates each
CEL rule, and refuses with the rule's message. These tests show that every rule of the
upstream Gateway API and AWS Load Balancer Controller CRDs compiles with the functions
crd_cel provides, that the only rules skipped are the listed transition rules, and that
hand-written objects that break a rule are refused with the CRD's own message.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import upstream
from crd_cel import (
    CelRuleError,
    Rule,
    cel_errors,
    defaulted,
    escape,
    is_ip,
    program_of,
    rules_of,
    split,
    substring,
)
from gateway_crds import crd_errors

# Every CRD file whose rules crd_cel must run: the Gateway API's, gateway.k8s.aws's and the
# controller's TargetGroupBinding and IngressClassParams.
CRD_FOLDERS = ("gateway-api", "aws-load-balancer-controller/gateway")
CONTROLLER_CRDS = ("crd-targetgroupbindings.yaml", "crd-ingressclassparams.yaml")

# (CRD file, schema path, rule) -> why crd_errors does not evaluate it. Only transition rules:
# they compare with the stored object (oldSelf), and a rendered object has none.
SKIPPED = {
    (
        "gateway.networking.k8s.io_gatewayclasses.yaml",
        "/properties/spec/properties/controllerName",
        "self == oldSelf",
    ): "transition rule (controllerName is immutable): needs the stored object, runs on updates only",
}


def crd_files() -> list[Path]:
    """The upstream CRD files, skipped (failed in CI) when ../shared is not there."""
    folders = [upstream(*folder.split("/")) for folder in CRD_FOLDERS]
    files = [path for folder in folders for path in sorted(folder.glob("*.yaml"))]
    return files + [upstream("aws-load-balancer-controller", name) for name in CONTROLLER_CRDS]


@cache
def every_rule() -> list[tuple[str, str, Rule]]:
    """(CRD file, version, rule) for every rule of every version, served or not (read once)."""
    found = []
    for path in crd_files():
        for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            for version in crd["spec"]["versions"]:
                schema = version["schema"]["openAPIV3Schema"]
                found += [(path.name, version["name"], rule) for rule in rules_of(schema)]
    return found


def test_every_rule_compiles_with_the_functions_provided() -> None:
    """program_of refuses a rule that does not compile or calls an unknown function."""
    rules = every_rule()
    assert len(rules) > 300  # 312 in Gateway API v1.6.1 and the controller's v3.5.0
    failures = []
    for name, version, rule in rules:
        if rule.transition:
            continue
        try:
            program_of(rule.rule)
        except CelRuleError as error:
            failures.append(f"{name} {version} {rule.path}: {error}")
    assert failures == []


def test_every_rule_sits_where_the_walk_reaches_it() -> None:
    """cel_errors follows properties, items and additionalProperties only.

    A rule under allOf, anyOf, oneOf or not would never run, and pass unseen.
    """
    reachable = re.compile(r"(/properties/[^/]+|/items|/additionalProperties)*")
    unreached = [
        f"{name} {version} {rule.path}"
        for name, version, rule in every_rule()
        if rule.path != "/" and not reachable.fullmatch(rule.path)
    ]
    assert unreached == []


def test_the_only_rules_skipped_are_the_listed_transition_rules() -> None:
    skipped = {(name, rule.path, rule.rule) for name, _, rule in every_rule() if rule.transition}
    assert skipped == set(SKIPPED)


def test_a_transition_rule_is_not_compiled_for_evaluation() -> None:
    with pytest.raises(CelRuleError, match="transition rule"):
        program_of("self == oldSelf")


def test_a_rule_calling_an_unknown_function_fails_at_once() -> None:
    with pytest.raises(CelRuleError, match=r"not provided: \['lowerAscii'\]"):
        program_of("self.lowerAscii() == self")


def test_a_rule_that_does_not_compile_fails() -> None:
    with pytest.raises(CelRuleError, match="does not compile"):
        program_of("self.(")


def test_a_rule_that_cannot_be_evaluated_is_an_error_not_a_pass() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "x-kubernetes-validations": [{"rule": "self.b == 'x'", "message": "b must be x"}],
    }
    [error] = cel_errors(schema, {"a": "x"})
    assert error == ": b must be x (could not be evaluated: KeyError('b'); rule: self.b == 'x')"


def test_a_rule_that_gives_no_bool_is_an_error() -> None:
    schema = {"type": "string", "x-kubernetes-validations": [{"rule": "self", "message": "m"}]}
    assert cel_errors(schema, "yes") == [": rule 'self' gave 'yes', not a bool"]


# Kubernetes' CEL library, as far as the CRDs use it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0.0.1", True),
        ("2001:db8::1", True),
        ("::ffff:10.0.0.1", False),  # IPv4-mapped IPv6 is refused
        ("fe80::1%eth0", False),  # no zones
        ("010.0.0.1", False),  # no leading zeros
        ("example.com", False),
        ("*.example.com", False),
    ],
)
def test_is_ip_as_kubernetes_says(text: str, expected: bool) -> None:
    assert is_ip(text) is expected


def test_split_and_substring_as_cel_go_strings_say() -> None:
    assert split("example.com/name", "/") == ["example.com", "name"]
    assert split("a/b/c", "/", 2) == ["a", "b/c"]
    assert split("a/b", "/", 0) == []
    assert split("abc", "") == ["a", "b", "c"]
    assert substring("*.example.com", 2) == "example.com"
    assert substring("héllo", 1, 3) == "él"
    with pytest.raises(ValueError, match="out of range"):
        substring("ab", 3)


def test_property_names_are_escaped_as_kubernetes_escapes_them() -> None:
    assert escape("namespace") == "__namespace__"
    assert escape("sectionName") == "sectionName"
    assert escape("a-b.c/d__e") == "a__dash__b__dot__c__slash__d__underscores__e"
    assert escape("1st") is None
    assert escape("a b") is None


def test_defaults_are_filled_in_before_the_rules_run() -> None:
    schema = {
        "type": "object",
        "properties": {
            "path": {
                "type": "object",
                "default": {"value": "/"},
                "properties": {"type": {"type": "string", "default": "PathPrefix"}},
            },
        },
    }
    assert defaulted(schema, {}) == {"path": {"value": "/", "type": "PathPrefix"}}


# Hand-written objects: the bad ones refused with the CRD's message, the good ones accepted


def load(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def http_route(rule: str, spec: str = "") -> dict[str, Any]:
    """An HTTPRoute to Gateway web with one rule, given as YAML indented under `rules:`."""
    return load(
        f"""
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: shop, namespace: shop}}
spec:
  parentRefs: [{{name: web}}]
{spec}
  rules:
{rule}
"""
    )


GOOD_RULE = """
  - matches:
      - path: {type: PathPrefix, value: /cart}
      - path: {type: Exact, value: "/a/b;c=d/%20e"}
      - path: {value: /defaulted-prefix}
    filters:
      - type: RequestHeaderModifier
        requestHeaderModifier: {add: [{name: x-shop, value: "1"}]}
    backendRefs: [{name: cart, port: 80, weight: 3}, {name: cart-canary, port: 80, weight: 1}]
  - matches: [{path: {type: PathPrefix, value: /old}}]
    filters:
      - type: RequestRedirect
        requestRedirect:
          statusCode: 301
          path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}
"""


def messages(errors: list[str]) -> list[str]:
    """The messages without their paths: the CRD's own words."""
    return [error.split(": ", 1)[1] for error in errors]


def test_a_good_http_route_passes() -> None:
    assert crd_errors(http_route(GOOD_RULE, spec="  hostnames: [shop.example.com]")) == []


def test_a_question_mark_in_an_exact_path_is_refused() -> None:
    route = http_route("  - matches: [{path: {type: Exact, value: '/search?q=1'}}]")
    assert crd_errors(route) == [
        "spec.rules.0.matches.0.path: must only contain valid characters (matching"
        " ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']"
    ]


def test_the_path_type_defaults_to_path_prefix_so_its_rules_apply() -> None:
    route = http_route("  - matches: [{path: {value: /a//b}}]")
    assert messages(crd_errors(route)) == [
        "must not contain '//' when type one of ['Exact', 'PathPrefix']"
    ]


def test_a_request_redirect_with_backend_refs_is_refused() -> None:
    route = http_route(
        """
  - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 302}}]
    backendRefs: [{name: cart, port: 80}]
"""
    )
    assert crd_errors(route) == [
        "spec.rules.0: RequestRedirect filter must not be used together with backendRefs"
    ]


def test_a_filter_of_one_type_with_the_field_of_another_is_refused() -> None:
    route = http_route(
        "  - filters: [{type: RequestRedirect, urlRewrite: {hostname: shop.example.com}}]"
    )
    assert messages(crd_errors(route)) == [
        "filter.requestRedirect must be specified for RequestRedirect filter.type",
        "filter.urlRewrite must be nil if the filter.type is not URLRewrite",
    ]


def test_replace_prefix_match_needs_one_path_prefix_match() -> None:
    route = http_route(
        """
  - matches: [{path: {type: Exact, value: /old}}]
    filters:
      - type: URLRewrite
        urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}
    backendRefs: [{name: cart, port: 80}]
"""
    )
    assert messages(crd_errors(route)) == [
        "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
    ]


def test_two_references_to_one_gateway_need_section_names() -> None:
    """The rule reads parentRefs' `namespace` as `__namespace__`: escaping at work."""
    route = http_route(
        "  - backendRefs: [{name: cart, port: 80}]",
    )
    route["spec"]["parentRefs"] = [
        {"name": "web", "namespace": "edge", "sectionName": "https"},
        {"name": "web", "namespace": "edge"},
    ]
    assert messages(crd_errors(route)) == [
        "sectionName must be specified when parentRefs includes 2 or more references to the same parent"
    ]
    route["spec"]["parentRefs"][1]["namespace"] = "other"
    assert crd_errors(route) == []


def gateway(listeners: str) -> dict[str, Any]:
    return load(
        f"""
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: web, namespace: edge}}
spec:
  gatewayClassName: alb
  listeners:
{listeners}
"""
    )


def test_a_good_gateway_passes() -> None:
    good = gateway(
        """
    - {name: http, port: 80, protocol: HTTP, hostname: shop.example.com}
    - name: https
      port: 443
      protocol: HTTPS
      hostname: shop.example.com
      tls: {mode: Terminate, certificateRefs: [{name: shop-tls}]}
"""
    )
    assert crd_errors(good) == []


def test_two_listeners_of_one_name_are_refused() -> None:
    twice = gateway(
        """
    - {name: web, port: 80, protocol: HTTP}
    - {name: web, port: 8080, protocol: HTTP}
"""
    )
    assert crd_errors(twice) == ["spec.listeners: Listener name must be unique within the Gateway"]


def test_two_listeners_of_one_port_protocol_and_hostname_are_refused() -> None:
    twice = gateway(
        """
    - {name: a, port: 80, protocol: HTTP, hostname: shop.example.com}
    - {name: b, port: 80, protocol: HTTP, hostname: shop.example.com}
"""
    )
    assert messages(crd_errors(twice)) == [
        "Combination of port, protocol and hostname must be unique for each listener"
    ]


def test_tls_on_an_http_listener_and_https_without_certificates_are_refused() -> None:
    """With neither certificateRefs nor options the rule meets a missing field: an error.

    The API server fails it the same way ("no such key: options evaluating rule: ...").
    """
    wrong = gateway(
        """
    - {name: http, port: 80, protocol: HTTP, tls: {mode: Terminate, certificateRefs: [{name: c}]}}
    - {name: https, port: 443, protocol: HTTPS, tls: {mode: Terminate}}
"""
    )
    first, second = crd_errors(wrong)
    assert first.startswith(
        "spec.listeners.1.tls: certificateRefs or options must be specified when mode is Terminate"
        " (could not be evaluated: KeyError('options')"
    )
    assert (
        second == "spec.listeners: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"
    )


def listener_rule_configuration(spec: str) -> dict[str, Any]:
    return load(
        f"""
apiVersion: gateway.k8s.aws/v1
kind: ListenerRuleConfiguration
metadata: {{name: shop, namespace: shop}}
spec:
{spec}
"""
    )


def test_a_good_listener_rule_configuration_passes() -> None:
    good = listener_rule_configuration(
        """
  conditions: [{field: source-ip, sourceIPConfig: {values: [10.0.0.0/8]}}]
  actions:
    - type: fixed-response
      fixedResponseConfig: {statusCode: 503, contentType: text/plain, messageBody: closed}
"""
    )
    assert crd_errors(good) == []


def test_two_routing_actions_are_refused() -> None:
    two = listener_rule_configuration(
        """
  actions:
    - {type: fixed-response, fixedResponseConfig: {statusCode: 404}}
    - {type: redirect, redirectConfig: {query: a=b}}
"""
    )
    assert crd_errors(two) == [
        "spec: At most one routing action (fixed-response or forward or redirect) can be specified"
    ]


def test_a_fixed_response_of_status_302_and_a_source_ip_condition_without_ips_are_refused() -> None:
    wrong = listener_rule_configuration(
        """
  conditions: [{field: source-ip}]
  actions: [{type: fixed-response, fixedResponseConfig: {statusCode: 302}}]
"""
    )
    assert messages(crd_errors(wrong)) == [
        "sourceIPConfig must be specified only when field is 'source-ip'",
        "StatusCode must be a valid HTTP status code in the 2XX, 4XX, or 5XX range",
    ]


def test_a_tls_route_hostname_that_is_an_ip_is_refused() -> None:
    route = load(
        """
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: db, namespace: db}
spec:
  parentRefs: [{name: web}]
  hostnames: [db.example.com, 10.0.0.1]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
"""
    )
    assert messages(crd_errors(route)) == ["Hostnames cannot contain an IP"]


def test_mutual_authentication_verify_needs_a_trust_store() -> None:
    config = load(
        """
apiVersion: gateway.k8s.aws/v1
kind: LoadBalancerConfiguration
metadata: {name: web, namespace: edge}
spec:
  listenerConfigurations:
    - protocolPort: HTTPS:443
      mutualAuthentication: {mode: verify}
"""
    )
    assert messages(crd_errors(config)) == [
        "trustStore is required when mutualAuthentication mode is 'verify'"
    ]


def test_ingress_class_params_refuse_both_spellings_of_prefix_lists() -> None:
    params = load(
        """
apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata: {name: alb}
spec:
  prefixListsIDs: [pl-1]
  PrefixListsIDs: [pl-2]
"""
    )
    assert messages(crd_errors(params)) == [
        "cannot specify both 'prefixListsIDs' and 'PrefixListsIDs' fields"
    ]
