"""Validators for Gateway API objects and TargetGroupBindings: the upstream CRDs, strict.

The Gateway API v1.6.1 standard CRDs and the AWS Load Balancer Controller's gateway.k8s.aws
and elbv2.k8s.aws TargetGroupBinding CRDs (v3.5.0) live in ../shared/upstream; each object
is checked against the schema of its apiVersion, which must be one the CRD serves, with unknown fields refused as kubectl's
strict field validation refuses them, and then, as the API server does, against the schema's
CEL rules (x-kubernetes-validations, evaluated by crd_cel on the defaulted object).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from conftest import upstream
from crd_cel import cel_errors, defaulted

# kind -> (upstream folder, CRD file)
CRD_FILES = {
    "GatewayClass": ("gateway-api", "gateway.networking.k8s.io_gatewayclasses.yaml"),
    "Gateway": ("gateway-api", "gateway.networking.k8s.io_gateways.yaml"),
    "HTTPRoute": ("gateway-api", "gateway.networking.k8s.io_httproutes.yaml"),
    "GRPCRoute": ("gateway-api", "gateway.networking.k8s.io_grpcroutes.yaml"),
    "TCPRoute": ("gateway-api", "gateway.networking.k8s.io_tcproutes.yaml"),
    "TLSRoute": ("gateway-api", "gateway.networking.k8s.io_tlsroutes.yaml"),
    "UDPRoute": ("gateway-api", "gateway.networking.k8s.io_udproutes.yaml"),
    "ReferenceGrant": ("gateway-api", "gateway.networking.k8s.io_referencegrants.yaml"),
    "LoadBalancerConfiguration": (
        "aws-load-balancer-controller",
        "gateway/gateway.k8s.aws_loadbalancerconfigurations.yaml",
    ),
    "TargetGroupConfiguration": (
        "aws-load-balancer-controller",
        "gateway/gateway.k8s.aws_targetgroupconfigurations.yaml",
    ),
    "ListenerRuleConfiguration": (
        "aws-load-balancer-controller",
        "gateway/gateway.k8s.aws_listenerruleconfigurations.yaml",
    ),
}
GATEWAY_KINDS = frozenset(CRD_FILES)
# Not a Gateway API kind: eksgen renders it the same with either API.
CRD_FILES["TargetGroupBinding"] = ("aws-load-balancer-controller", "crd-targetgroupbindings.yaml")
CRD_FILES["IngressClassParams"] = ("aws-load-balancer-controller", "crd-ingressclassparams.yaml")


def closed(schema: Any) -> Any:
    """Close every object that lists its properties, so unknown fields are errors."""
    if isinstance(schema, dict):
        result = {key: closed(value) for key, value in schema.items()}
        if "properties" in result and "additionalProperties" not in result:
            result["additionalProperties"] = False
        return result
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    return schema


@cache
def crd(kind: str) -> dict[str, Any]:
    """The upstream CRD of the kind, read once."""
    folder, name = CRD_FILES[kind]
    loaded: dict[str, Any] = yaml.safe_load(
        upstream(folder, *name.split("/")).read_text(encoding="utf-8")
    )
    return loaded


@cache
def served_schemas(kind: str) -> dict[str, dict[str, Any]]:
    """apiVersion -> openAPIV3Schema as the CRD says it, for every version the kind's CRD serves."""
    spec = crd(kind)["spec"]
    return {
        f"{spec['group']}/{version['name']}": version["schema"]["openAPIV3Schema"]
        for version in spec["versions"]
        if version.get("served")
    }


@cache
def served_validators(kind: str) -> dict[str, Draft202012Validator]:
    """apiVersion -> a strict validator, for every version the kind's CRD serves."""
    found = {}
    for api_version, openapi in served_schemas(kind).items():
        schema = closed(openapi)
        schema["properties"]["metadata"] = {"type": "object"}
        found[api_version] = Draft202012Validator(schema)
    return found


def crd_errors(document: dict[str, Any]) -> list[str]:
    """What the CRD of the object's kind refuses in it ([] when valid at a served version).

    The CEL rules run only on an object the schema accepts: the API server too skips them
    after type errors, and on a value of the wrong type a rule fails to evaluate instead of
    saying its message.
    """
    validators = served_validators(document["kind"])
    validator = validators.get(document["apiVersion"])
    if validator is None:
        return [f"{document['apiVersion']} is not served (served: {sorted(validators)})"]
    errors = [
        f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]
    if errors:
        return errors
    schema = served_schemas(document["kind"])[document["apiVersion"]]
    return cel_errors(schema, defaulted(schema, document))
