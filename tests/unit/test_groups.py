"""eksgen.model.groups: which Apps share an ALB, and where the members of a group disagree."""

from __future__ import annotations

from typing import Any

from eksgen.errors import Severity
from eksgen.model.app import App, build_app
from eksgen.model.groups import Conflict, alb_groups, group_conflicts
from eksgen.spec.load import Document
from eksgen.spec.validate import validate_document

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000"
TLS13 = "ELBSecurityPolicy-TLS13-1-2-2021-06"
FIPS = "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"


def app(
    name: str,
    namespace: str = "default",
    group: str | None = "shared",
    order: int | None = None,
    tls: dict[str, Any] | None = None,
    **spec: Any,
) -> App:
    """An ALB App in the IngressGroup `group` (None: an Ingress of its own)."""
    exposure: dict[str, Any] = {"type": "alb", **spec.pop("exposure", {})}
    if group is not None:
        exposure["group"] = {"name": group} | ({} if order is None else {"order": order})
    body: dict[str, Any] = {"ports": [{"port": 80}], "exposure": exposure, **spec}
    if tls is not None:
        body["tls"] = {"certificateArns": [CERT], **tls}
    data = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": name, "namespace": namespace},
        "spec": body,
    }
    document = Document(f"{name}.yaml", 0, data, None)
    assert validate_document(document) == [], "the test's spec must pass the schema"
    return build_app(document)


def settings(conflicts: list[Conflict]) -> list[tuple[str, Severity]]:
    return [(conflict.setting, conflict.severity) for conflict in conflicts]


def members(conflict: Conflict) -> list[tuple[str, str, str]]:
    return [(member.app, member.field, member.value) for member in conflict.members]


# ---- alb_groups ---------------------------------------------------------------------------


def names(
    groups: list[tuple[str, str | None, list[App]]],
) -> list[tuple[str, str | None, list[str]]]:
    return [
        (name, group, [f"{a.namespace}/{a.name}" for a in apps]) for name, group, apps in groups
    ]


def test_groups_merge_members_and_keep_lone_albs_apart() -> None:
    apps = [
        app("b", group="one"),
        app("lone", group=None),
        app("a", group="one"),
        app("c", group="two"),
        app("quiet", group=None, exposure={"type": "nlb"}),
    ]
    assert names(alb_groups(apps)) == [
        ("one", "one", ["default/a", "default/b"]),
        ("two", "two", ["default/c"]),
        ("default/lone", None, ["default/lone"]),
    ]


def test_non_alb_apps_are_not_in_any_group() -> None:
    assert (
        alb_groups(
            [
                app("n", group=None, exposure={"type": "nlb"}),
                app("x", group=None, exposure={"type": "none"}),
            ]
        )
        == []
    )


def test_group_order_then_namespace_and_name() -> None:
    apps = [
        app("late", order=10),
        app("early", order=-5),
        app("default-order"),  # the controller's default: 0
        app("zero", order=0),
        app("first-by-name", namespace="a-team", order=0),
    ]
    assert names(alb_groups(apps))[0][2] == [
        "default/early",
        "a-team/first-by-name",
        "default/default-order",
        "default/zero",
        "default/late",
    ]


def test_ties_are_broken_by_the_text_namespace_slash_name() -> None:
    # As text, 'team-a/x' sorts before 'team/x' ('-' < '/'); as a pair ('team' < 'team-a') not.
    apps = [app("x", namespace="team"), app("x", namespace="team-a")]
    assert names(alb_groups(apps))[0][2] == ["team-a/x", "team/x"]


# ---- group_conflicts ---------------------------------------------------------------------------


def test_members_that_agree_do_not_conflict() -> None:
    subnets = {"subnets": ["subnet-0a", "subnet-0b"]}
    apps = [
        app("a", exposure=subnets, hosts=["a.example.com"]),
        app("b", exposure={"subnets": ["subnet-0b", "subnet-0a"]}, hosts=["b.example.com"]),
        app("c", hosts=["c.example.com"]),  # unset: takes the value set elsewhere
    ]
    assert group_conflicts("shared", apps) == []


def test_scheme_conflict() -> None:
    apps = [
        app("a", exposure={"scheme": "internet-facing"}, hosts=["a.example.com"]),
        app("b", hosts=["b.example.com"]),  # the default scheme: internal
    ]
    (conflict,) = group_conflicts("shared", apps)
    assert (conflict.group, conflict.setting, conflict.severity) == (
        "shared",
        "scheme",
        Severity.ERROR,
    )
    assert members(conflict) == [
        ("default/a", "spec.exposure.scheme", "internet-facing"),
        ("default/b", "spec.exposure.scheme", "internal"),
    ]


def test_subnets_conflict() -> None:
    apps = [
        app("a", exposure={"subnets": ["subnet-0a", "subnet-0b"]}, hosts=["a.example.com"]),
        app("b", exposure={"subnets": ["subnet-0a", "subnet-0c"]}, hosts=["b.example.com"]),
    ]
    (conflict,) = group_conflicts("shared", apps)
    assert (conflict.setting, conflict.severity) == ("subnets", Severity.ERROR)
    assert members(conflict) == [
        ("default/a", "spec.exposure.subnets", "subnet-0a,subnet-0b"),
        ("default/b", "spec.exposure.subnets", "subnet-0a,subnet-0c"),
    ]


def test_ssl_policy_conflicts_per_https_listener_only() -> None:
    apps = [
        app("a", tls={"policy": TLS13}, hosts=["a.example.com"]),
        app("b", tls={"policy": FIPS}, hosts=["b.example.com"]),
    ]
    assert settings(group_conflicts("shared", apps)) == [("ssl-policy HTTPS:443", Severity.ERROR)]
    # A member without tls has no HTTPS listener, so its (default) policy cannot conflict.
    plain = [
        app("a", tls={"policy": FIPS, "redirectHttp": False}, hosts=["a.example.com"]),
        app("b", hosts=["b.example.com"]),
    ]
    assert "ssl-policy HTTPS:443" not in [
        setting for setting, _ in settings(group_conflicts("shared", plain))
    ]


def test_inbound_cidrs_conflict_per_listener() -> None:
    apps = [
        app("a", exposure={"sourceRanges": ["10.0.0.0/8"]}, hosts=["a.example.com"]),
        app("b", exposure={"sourceRanges": ["192.168.0.0/16"]}, hosts=["b.example.com"]),
    ]
    (conflict,) = group_conflicts("shared", apps)
    assert (conflict.setting, conflict.severity) == ("inbound-cidrs HTTP:80", Severity.ERROR)
    assert [member.value for member in conflict.members] == ["10.0.0.0/8", "192.168.0.0/16"]


def test_inbound_cidrs_set_by_one_member_widen_to_all() -> None:
    apps = [
        app("a", exposure={"sourceRanges": ["10.0.0.0/8"]}, hosts=["a.example.com"]),
        app("b", hosts=["b.example.com"]),
    ]
    (conflict,) = group_conflicts("shared", apps)
    assert (conflict.setting, conflict.severity) == ("inbound-cidrs HTTP:80", Severity.WARNING)
    assert "default/b" in conflict.message
    assert [member.value for member in conflict.members] == ["10.0.0.0/8", "any (0.0.0.0/0)"]


def test_redirect_drops_http_only_members() -> None:
    apps = [
        app("secure", tls={}, hosts=["a.example.com"]),  # redirectHttp defaults to true
        app("plain", hosts=["b.example.com"]),
    ]
    (conflict,) = group_conflicts("shared", apps)
    assert (conflict.setting, conflict.severity) == ("ssl-redirect", Severity.ERROR)
    assert "(default/plain) are never served" in conflict.message
    assert members(conflict) == [
        ("default/secure", "spec.tls.redirectHttp", "redirect to 443"),
        ("default/plain", "spec.exposure.type", "HTTP only (no tls)"),
    ]


def test_no_redirect_no_dropped_members() -> None:
    apps = [
        app("secure", tls={"redirectHttp": False}, hosts=["a.example.com"]),
        app("plain", hosts=["b.example.com"]),
    ]
    assert group_conflicts("shared", apps) == []


def test_order_ties_warn() -> None:
    apps = [
        app("b", order=5, hosts=["b.example.com"]),
        app("a", order=5, hosts=["a.example.com"]),
        app("c", order=6, hosts=["c.example.com"]),
        app("d", hosts=["d.example.com"]),
        app("e", hosts=["e.example.com"]),  # no order given: no tie reported
    ]
    members_in_order = alb_groups(apps)[0][2]
    (conflict,) = group_conflicts("shared", members_in_order)
    assert (conflict.setting, conflict.severity) == ("group.order", Severity.WARNING)
    assert "share group.order 5" in conflict.message
    assert "default/a's rules are evaluated first" in conflict.message
    assert members(conflict) == [
        ("default/a", "spec.exposure.group.order", "5"),
        ("default/b", "spec.exposure.group.order", "5"),
    ]


def test_duplicate_route_on_one_listener() -> None:
    route = {"routes": [{"path": "/api"}]}
    apps = [
        app("a", order=1, hosts=["shop.example.com"], **route),
        app("b", order=2, hosts=["shop.example.com", "b.example.com"], **route),
    ]
    (conflict,) = group_conflicts("shared", apps)
    assert (conflict.setting, conflict.severity) == ("route shop.example.com/api", Severity.ERROR)
    assert "default/a receives this traffic and default/b never do" in conflict.message
    assert members(conflict) == [
        ("default/a", "spec.routes[0].path", "shop.example.com/api"),
        ("default/b", "spec.routes[0].path", "shop.example.com/api"),
    ]


def test_duplicate_default_route_without_hosts() -> None:
    apps = [app("a", order=1), app("b", order=2)]
    (conflict,) = group_conflicts("shared", apps)
    assert conflict.setting == "route / (any host)"
    assert [member.field for member in conflict.members] == ["spec.exposure.type"] * 2


def test_same_path_on_different_hosts_or_listeners_is_no_conflict() -> None:
    route = {"routes": [{"path": "/api"}]}
    other_hosts = [
        app("a", hosts=["a.example.com"], **route),
        app("b", hosts=["b.example.com"], **route),
    ]
    assert group_conflicts("shared", other_hosts) == []
    # HTTPS only (no redirect) and HTTP only: no listener in common.
    other_listeners = [
        app("a", hosts=["shop.example.com"], tls={"redirectHttp": False}, **route),
        app("b", hosts=["shop.example.com"], **route),
    ]
    assert group_conflicts("shared", other_listeners) == []
