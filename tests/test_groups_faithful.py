"""IngressGroup merging as the AWS Load Balancer Controller v3.5.0 does it: every shared setting.

Facts read in the controller at tag v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4):

- pkg/ingress/model_build_tags.go: the tags of all members are merged key by key; two
  values for one key stop the group ("conflicting tag %v: %v | %v").
- pkg/ingress/model_build_load_balancer.go: scheme, ip-address-type, subnets (order
  ignored), security-groups (order kept), customer-owned-ipv4-pool and load-balancer-name
  are one value per ALB: members that set them must agree.
- pkg/ingress/model_build_load_balancer_attributes.go: attributes merge key by key.
- pkg/ingress/model_builder.go mergeListenPortConfigs: per listen port, the protocol,
  inbound-cidrs, prefix lists, ssl-policy and mTLS must agree; certificates are merged.
- pkg/ingress/model_build_load_balancer_addons.go: WAFv2, WAF Classic and Shield are one
  value per ALB; pkg/ingress/model_build_listener.go: listener-attributes per key.
- docs/guide/ingress/annotations.md (v3.5.0, /work/shared/upstream/...): the MergeBehavior
  column (Exclusive, Merge, N/A) of every annotation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import upstream
from eksgen.api import check_paths
from eksgen.errors import Severity
from eksgen.model import facts
from eksgen.model.app import App, build_app
from eksgen.model.controller import INGRESS_FIELDS, INGRESS_PREFIX
from eksgen.model.group_settings import (
    GROUP_FAMILIES,
    GROUP_SETTINGS,
    PER_INGRESS,
    PER_INGRESS_FAMILIES,
    Merge,
    group_setting,
    is_classified,
)
from eksgen.model.group_values import ingress_values
from eksgen.model.groups import Conflict, group_conflicts
from eksgen.render.annotations import ingress_annotations
from eksgen.spec.load import Document
from eksgen.spec.validate import validate_document

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000"


def app(
    name: str,
    group: str | None = "shared",
    annotations: dict[str, str] | None = None,
    tls: dict[str, Any] | None = None,
    **spec: Any,
) -> App:
    """An ALB App in the IngressGroup `group`, with pass-through annotations."""
    exposure: dict[str, Any] = {"type": "alb", **spec.pop("exposure", {})}
    if group is not None:
        exposure["group"] = {"name": group}
    body: dict[str, Any] = {"ports": [{"port": 80}], "exposure": exposure, **spec}
    body.setdefault("hosts", [f"{name}.example.com"])
    if tls is not None:
        body["tls"] = {"certificateArns": [CERT], **tls}
    metadata: dict[str, Any] = {"name": name, "namespace": "default"}
    if annotations:
        metadata["annotations"] = annotations
    data = {"apiVersion": "eksgen.dev/v1alpha1", "kind": "App", "metadata": metadata, "spec": body}
    document = Document(f"{name}.yaml", 0, data, None)
    assert validate_document(document) == [], "the test's spec must pass the schema"
    return build_app(document)


def errors(conflicts: list[Conflict]) -> list[str]:
    return [c.setting for c in conflicts if c.severity is Severity.ERROR]


def values(conflict: Conflict) -> list[tuple[str, str, str]]:
    return [(m.app, m.field, m.value) for m in conflict.members]


# ---- tags: the bug this file was started for ----------------------------------------------


def test_one_tag_key_with_two_values_stops_the_group() -> None:
    # model_build_tags.go (v3.5.0): "conflicting tag team: a | b".
    members = [
        app("a", exposure={"tags": {"team": "a"}}),
        app("b", exposure={"tags": {"team": "b"}}),
    ]
    (conflict,) = group_conflicts("shared", members)
    assert (conflict.setting, conflict.severity) == ("tags team", Severity.ERROR)
    assert "'conflicting tag'" in conflict.message
    assert values(conflict) == [
        ("default/a", "spec.exposure.tags.team", "a"),
        ("default/b", "spec.exposure.tags.team", "b"),
    ]


def test_tags_merge_when_keys_differ_or_values_agree() -> None:
    members = [
        app("a", exposure={"tags": {"team": "shop", "cost": "1"}}),
        app("b", exposure={"tags": {"team": "shop", "owner": "x"}}),
        app("c"),
    ]
    assert group_conflicts("shared", members) == []


def test_tag_conflict_is_an_eks201_error_at_the_later_members_tag(tmp_path: Path) -> None:
    spec = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {{name: {name}, namespace: shop}}
spec:
  ports: [{{port: 80}}]
  hosts: [{name}.example.com]
  exposure:
    type: alb
    group: {{name: shop}}
    tags:
      team: {team}
"""
    (tmp_path / "a.yaml").write_text(spec.format(name="a", team="checkout"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(spec.format(name="b", team="search"), encoding="utf-8")
    problems = [p for p in check_paths([str(tmp_path)]).problems if p.rule == "EKS201"]
    (problem,) = problems
    assert (Path(problem.file).name, problem.line, problem.path) == (
        "b.yaml",
        11,
        "spec.exposure.tags.team",
    )
    assert "tags team" in problem.message and "'checkout' there, 'search' here" in problem.message


def test_plan_reports_the_same_tag_conflict(tmp_path: Path) -> None:
    from eksgen.plan.build import build_plan
    from eksgen.plan.pricing import load_prices

    members = [
        app("a", exposure={"tags": {"team": "a"}}),
        app("b", exposure={"tags": {"team": "b"}}),
    ]
    plan = build_plan(members, [], load_prices(None))
    assert [(c.group, c.setting) for c in plan.errors] == [("shared", "tags team")]


def test_ip_address_types_conflict_and_an_unset_one_takes_the_others() -> None:
    # model_build_load_balancer.go (v3.5.0): one IPAddressType per ALB; a member that sets
    # none leaves it to the others.
    members = [
        app("a", exposure={"ipAddressType": "ipv4"}),
        app("b", exposure={"ipAddressType": "dualstack"}),
    ]
    (conflict,) = group_conflicts("shared", members)
    assert (conflict.setting, conflict.severity) == ("ip-address-type", Severity.ERROR)
    assert [m.field for m in conflict.members] == ["spec.exposure.ipAddressType"] * 2
    agreeing = [app("a", exposure={"ipAddressType": "dualstack"}), app("b")]
    assert group_conflicts("shared", agreeing) == []


@pytest.mark.parametrize(
    ("first", "second", "setting", "field"),
    [
        (
            {"waf": {"aclArn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/1"}},
            {"waf": {"aclArn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/b/2"}},
            "wafv2-acl-arn",
            "spec.exposure.waf.aclArn",
        ),
        (
            {"waf": {"aclName": "a"}},
            {"waf": {"aclName": "b"}},
            "wafv2-acl-name",
            "spec.exposure.waf.aclName",
        ),
        (
            {"shieldAdvanced": True},
            {"shieldAdvanced": False},
            "shield-advanced-protection",
            "spec.exposure.shieldAdvanced",
        ),
        # Security groups are compared in order (cmp.Equal without IgnoreStringSliceOrder).
        (
            {"securityGroups": ["sg-0aaa", "sg-0bbb"]},
            {"securityGroups": ["sg-0bbb", "sg-0aaa"]},
            "security-groups",
            "spec.exposure.securityGroups",
        ),
        (
            {"securityGroups": ["sg-0aaa"], "manageBackendSecurityGroupRules": True},
            {"securityGroups": ["sg-0aaa"], "manageBackendSecurityGroupRules": False},
            "manage-backend-security-group-rules",
            "spec.exposure.manageBackendSecurityGroupRules",
        ),
    ],
)
def test_typed_group_settings_conflict(
    first: dict[str, Any], second: dict[str, Any], setting: str, field: str
) -> None:
    # model_build_load_balancer_addons.go (v3.5.0): one web ACL and one Shield setting per ALB.
    members = [app("a", exposure=first), app("b", exposure=second)]
    (conflict,) = group_conflicts("shared", members)
    assert (conflict.setting, conflict.severity) == (setting, Severity.ERROR)
    assert [m.field for m in conflict.members] == [field] * 2


def test_a_detached_web_acl_conflicts_with_an_attached_one() -> None:
    arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/1"
    members = [
        app("a", exposure={"waf": {"aclArn": arn}}),
        app("b", exposure={"waf": {"enabled": False}}),
    ]
    (conflict,) = group_conflicts("shared", members)
    assert conflict.setting == "wafv2-acl-arn"
    assert [m.field for m in conflict.members] == [
        "spec.exposure.waf.aclArn",
        "spec.exposure.waf.enabled",
    ]


# ---- the pass-through group settings --------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "first", "second", "setting"),
    [
        ("enable-frontend-nlb", "true", "false", "enable-frontend-nlb"),
        (
            "customer-owned-ipv4-pool",
            "ipv4pool-coip-1",
            "ipv4pool-coip-2",
            "customer-owned-ipv4-pool",
        ),
    ],
)
def test_pass_through_group_settings_conflict(
    suffix: str, first: str, second: str, setting: str
) -> None:
    # model_build_load_balancer.go / _addons.go / _frontend_nlb.go (v3.5.0): one value per ALB.
    key = INGRESS_PREFIX + suffix
    members = [app("a", annotations={key: first}), app("b", annotations={key: second})]
    (conflict,) = group_conflicts("shared", members)
    assert (conflict.setting, conflict.severity) == (setting, Severity.ERROR)
    assert [m.field for m in conflict.members] == [f'metadata.annotations["{key}"]'] * 2


def test_waf_classic_reads_the_deprecated_key_where_the_new_one_is_absent() -> None:
    members = [
        app("a", annotations={INGRESS_PREFIX + "waf-acl-id": "acl-1"}),
        app("b", annotations={INGRESS_PREFIX + "web-acl-id": "acl-2"}),
    ]
    assert errors(group_conflicts("shared", members)) == ["waf-acl-id"]


def test_equal_values_as_the_controller_reads_them_do_not_conflict() -> None:
    # Booleans are strconv.ParseBool'd; subnet lists compare without order, trimmed.
    members = [
        app("a", annotations={INGRESS_PREFIX + "enable-frontend-nlb": "True"}),
        app("b", annotations={INGRESS_PREFIX + "enable-frontend-nlb": "1"}),
        app("c", exposure={"subnets": ["subnet-0a", "subnet-0b"]}),
        app("d", exposure={"subnets": ["subnet-0b", "subnet-0a"]}),
    ]
    assert group_conflicts("shared", members) == []


def test_listener_attributes_conflict_per_key_among_the_listeners_members() -> None:
    # model_build_listener.go (v3.5.0): "conflicting listener attributes".
    key = INGRESS_PREFIX + "listener-attributes.HTTP-80"
    members = [
        app("a", annotations={key: "routing.http.response.server.enabled=true"}),
        app("b", annotations={key: "routing.http.response.server.enabled=false"}),
    ]
    (conflict,) = group_conflicts("shared", members)
    assert conflict.setting == "listener-attributes.HTTP-80 routing.http.response.server.enabled"
    # A member not on that listener (HTTPS only) does not take part.
    other = app(
        "c",
        annotations={INGRESS_PREFIX + "listener-attributes.HTTP-80": "x=1"},
        tls={"redirectHttp": False},
    )
    assert group_conflicts("shared", [app("d", annotations={key: "x=2"}), other]) == []


def test_prefix_lists_conflict_per_listener() -> None:
    key = INGRESS_PREFIX + "security-group-prefix-lists"
    members = [app("a", annotations={key: "pl-1"}), app("b", annotations={key: "pl-2"})]
    assert errors(group_conflicts("shared", members)) == ["security-group-prefix-lists HTTP:80"]


def test_frontend_nlb_attributes_must_be_repeated_by_every_later_member() -> None:
    # model_build_frontend_nlb.go (v3.5.0) compares each later member's map with the first
    # one found, a missing map included.
    key = INGRESS_PREFIX + "frontend-nlb-attributes"
    members = [app("a"), app("b", annotations={key: "x=1"}), app("c")]
    (conflict,) = group_conflicts("shared", members)
    assert values(conflict) == [
        ("default/b", f'metadata.annotations["{key}"]', "x=1"),
        ("default/c", f'metadata.annotations["{key}"]', "(not set)"),
    ]


def test_certificates_merge_and_never_conflict() -> None:
    members = [app("a", tls={}), app("b", tls={"certificateArns": [CERT.replace("0a1b", "ffff")]})]
    assert "certificate-arn" not in " ".join(errors(group_conflicts("shared", members)))


# ---- the table covers every annotation, and agrees with the controller's docs ---------------


def test_every_annotation_eksgen_generates_on_an_ingress_is_classified() -> None:
    unclassified = [suffix for suffix in INGRESS_FIELDS if not is_classified(suffix)]
    assert unclassified == []


def test_every_controller_annotation_that_passes_through_is_classified() -> None:
    # Any controller key of metadata.annotations lands on the Ingress: eksgen's table of the
    # controller's annotations (v3.5.0) lists them all.
    ingress_keys = [
        fact for key, fact in facts.lbc.ANNOTATIONS.items() if key.startswith(INGRESS_PREFIX)
    ]
    assert len(ingress_keys) > 60
    unclassified = [
        fact.key
        for fact in ingress_keys
        if not is_classified(fact.key[len(INGRESS_PREFIX) :] + ("HTTP-80" if fact.family else ""))
    ]
    assert unclassified == []


def test_a_suffix_is_either_shared_or_per_ingress_never_both() -> None:
    shared = set(GROUP_SETTINGS) | {alias for s in GROUP_SETTINGS.values() for alias in s.aliases}
    assert shared.isdisjoint(PER_INGRESS)
    assert set(GROUP_FAMILIES).isdisjoint(PER_INGRESS_FAMILIES)


def test_rendered_ingress_annotations_are_all_classified_and_read_back_equal() -> None:
    """Every key a rich Ingress gets is classified, and group values equal the rendered text."""
    member = app(
        "rich",
        annotations={
            INGRESS_PREFIX + "waf-acl-id": "acl-1",
        },
        tls={"policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"},
        exposure={
            "scheme": "internet-facing",
            "ipAddressType": "dualstack",
            "waf": {"aclArn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/1"},
            "shieldAdvanced": True,
            "subnets": ["subnet-0a", "subnet-0b"],
            "sourceRanges": ["10.0.0.0/8", "2001:db8::/32"],
            "loadBalancerName": "rich",
            "tags": {"team": "shop", "cost": "42"},
            "attributes": {
                "loadBalancer": {"idle_timeout.timeout_seconds": "60"},
                "targetGroup": {"stickiness.enabled": "true"},
            },
            "healthCheck": {
                "path": "/healthz",
                "intervalSeconds": 10,
                "timeoutSeconds": 5,
                "successCodes": "200",
            },
        },
    )
    rendered = {
        key[len(INGRESS_PREFIX) :]: value
        for key, value in ingress_annotations(member).items()
        if key.startswith(INGRESS_PREFIX)
    }
    assert [suffix for suffix in rendered if not is_classified(suffix)] == []
    read = ingress_values(member)
    shared = {
        suffix: text for suffix, text in rendered.items() if group_setting(suffix) is not None
    }
    assert {suffix: read[suffix].text for suffix in shared} == shared


_DOC_ROW = re.compile(r"^\|\s*\[alb\.ingress\.kubernetes\.io/([^\]]+)\]\([^)]*\)\s*\|(.*)\|\s*$")


def _doc_merge_behaviour() -> dict[str, str]:
    """Annotation suffix -> MergeBehavior column of the controller's annotation reference."""
    found = {}
    text = upstream(
        "aws-load-balancer-controller", "docs", "guide_ingress_annotations.md"
    ).read_text(encoding="utf-8")
    for line in text.splitlines():
        match = _DOC_ROW.match(line)
        if match:
            found[match[1]] = match[2].split("|")[-1].strip()
    return found


def test_the_table_agrees_with_the_merge_behaviour_the_controller_documents() -> None:
    # docs/guide/ingress/annotations.md (v3.5.0): Exclusive -> members must agree (one value,
    # per key or per listener); Merge -> merged (union, or per key / per listener without a
    # value conflict); N/A -> not merged. The docs call attributes Exclusive and tags Merge;
    # the code merges both key by key, which is what the table says.
    documented = _doc_merge_behaviour()
    assert len(documented) > 50
    mismatched: list[tuple[str, str, object]] = []
    for suffix, behaviour in documented.items():
        name = suffix.replace("${action-name}", "x").replace("${conditions-name}", "x")
        name = name.replace("${transforms-name}", "x").replace("${Protocol}-${Port}", "HTTP-80")
        setting = group_setting(name)
        if behaviour == "N/A" and setting is not None:
            mismatched.append((suffix, behaviour, setting.merge))
        if behaviour == "Exclusive" and (setting is None or setting.merge is Merge.UNION):
            mismatched.append((suffix, behaviour, setting and setting.merge))
        if behaviour == "Merge" and setting is None:
            mismatched.append((suffix, behaviour, None))
    assert {suffix for suffix, _, _ in mismatched} == set(CODE_DIFFERS_FROM_DOCS)


# Where the docs say N/A but the code of v3.5.0 refuses two values: the code wins.
# pkg/ingress/model_build_frontend_nlb.go: mergeHealthCheckField ("conflicting %s") per NLB
# listener, validateEIPAllocations ("all EIP allocations for the ingress group must be the
# same"), getFrontendNlbAttributes ("conflicting frontend NLB attributes").
CODE_DIFFERS_FROM_DOCS = {
    *(
        f"frontend-nlb-healthcheck-{key}"
        for key in (
            "port",
            "protocol",
            "path",
            "interval-seconds",
            "timeout-seconds",
            "healthy-threshold-count",
            "unhealthy-threshold-count",
            "success-codes",
        )
    ),
    "frontend-nlb-eip-allocations",
    "frontend-nlb-attributes",
}
