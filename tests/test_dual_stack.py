"""IPv6 source ranges on load balancers that eksgen makes IPv4 only (EKS043-EKS045).

Facts, AWS Load Balancer Controller v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4):

- pkg/service/model_build_managed_sg.go buildCIDRsFromSourceRanges: a range containing ':'
  on an NLB whose IP address type is not dualstack is an error ("unsupported v6 cidr %v
  when lb is not dualstack"): the Service is not reconciled, no NLB is made. The managed
  security group is built only without security groups of the NLB's own
  (exposure.securityGroups) and without disable-nlb-sg
  (pkg/service/model_build_load_balancer.go buildLoadBalancerSecurityGroups).
- pkg/ingress/model_build_managed_sg.go: an ALB's IPv6 ranges go into its security group
  only when isIPv6Supported (dualstack, dualstack-without-public-ipv4).
- pkg/ingress/model_builder.go mergeListenPortConfigs: 0.0.0.0/0 (and ::/0) are added
  only when no range and no prefix list is given; so IPv6 ranges alone on an IPv4 ALB
  leave the security group without an inbound rule.
- The default IP address type is ipv4 (pkg/ingress/model_builder.go and
  pkg/service/model_builder.go: defaultIPAddressType IPAddressTypeIPV4); exposure.ipAddressType
  makes a load balancer dual-stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from eksgen.api import check_paths
from eksgen.cli.app import run
from eksgen.errors import Problem, Severity

V4, V6, V6_B = "203.0.113.0/24", "2001:db8::/32", "2001:db8:1::/48"


def spec(
    name: str,
    kind: str,
    ranges: list[str] | None,
    annotations: dict[str, str] | None = None,
    group: str | None = None,
    address_type: str | None = None,
    security_groups: list[str] | None = None,
) -> dict[str, Any]:
    exposure: dict[str, Any] = {"type": kind}
    if security_groups is not None:
        exposure["securityGroups"] = security_groups
    if address_type is not None:
        exposure["ipAddressType"] = address_type
    if ranges is not None:
        exposure["sourceRanges"] = ranges
    if group is not None:
        exposure["group"] = {"name": group}
    metadata: dict[str, Any] = {"name": name, "namespace": "shop"}
    if annotations:
        metadata["annotations"] = annotations
    body = {"ports": [{"port": 80}], "hosts": [f"{name}.example.com"], "exposure": exposure}
    return {"apiVersion": "eksgen.dev/v1alpha1", "kind": "App", "metadata": metadata, "spec": body}


def problems(tmp_path: Path, *specs: dict[str, Any]) -> list[Problem]:
    path = tmp_path / "apps.yaml"
    path.write_text(yaml.safe_dump_all(specs, sort_keys=False), encoding="utf-8")
    return [
        p for p in check_paths([str(path)]).problems if p.rule in {"EKS043", "EKS044", "EKS045"}
    ]


def found(tmp_path: Path, *specs: dict[str, Any]) -> list[tuple[str, str, Severity]]:
    return [(p.rule, p.path, p.severity) for p in problems(tmp_path, *specs)]


# ---- NLB: the controller refuses the Service -------------------------------------------------


def test_an_ipv6_range_on_an_nlb_is_an_error_naming_the_controllers_refusal(tmp_path: Path) -> None:
    (problem,) = problems(tmp_path, spec("edge", "nlb", [V4, V6]))
    assert (problem.rule, problem.path, problem.severity) == (
        "EKS043",
        "spec.exposure.sourceRanges[1]",
        Severity.ERROR,
    )
    assert f"'unsupported v6 cidr {V6} when lb is not dualstack'" in problem.message
    assert "creates no load balancer" in problem.message


def test_no_nlb_error_on_a_dual_stack_nlb(tmp_path: Path) -> None:
    assert found(tmp_path, spec("edge", "nlb", [V4, V6], address_type="dualstack")) == []


def test_no_nlb_error_when_the_controller_builds_no_ipv4_only_security_group(
    tmp_path: Path,
) -> None:
    own = spec("edge", "nlb", [V6], security_groups=["sg-0123456789abcdef0"])
    none = spec(
        "relay",
        "nlb",
        [V6],
        {"service.beta.kubernetes.io/aws-load-balancer-disable-nlb-sg": "true"},
    )
    assert found(tmp_path, own, none) == []


def test_ipv4_ranges_on_an_nlb_are_fine(tmp_path: Path) -> None:
    assert found(tmp_path, spec("edge", "nlb", [V4]), spec("open", "nlb", None)) == []


def test_the_nlb_error_blocks_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(yaml.safe_dump(spec("edge", "nlb", [V6])), encoding="utf-8")
    assert run(["render", str(path)]) != 0
    assert "(EKS043)" in capsys.readouterr().err


# ---- ALB: IPv6 ranges are dropped --------------------------------------------------------------


def test_ipv6_ranges_alone_close_an_ipv4_alb_an_error(tmp_path: Path) -> None:
    (problem,) = problems(tmp_path, spec("admin", "alb", [V6, V6_B]))
    assert (problem.rule, problem.path, problem.severity) == (
        "EKS044",
        "spec.exposure.sourceRanges",
        Severity.ERROR,
    )
    assert "admits no one" in problem.message


def test_mixed_ranges_on_an_ipv4_alb_warn_at_each_ipv6_range(tmp_path: Path) -> None:
    assert found(tmp_path, spec("admin", "alb", [V6, V4, V6_B])) == [
        ("EKS045", "spec.exposure.sourceRanges[0]", Severity.WARNING),
        ("EKS045", "spec.exposure.sourceRanges[2]", Severity.WARNING),
    ]


def test_the_mixed_warning_does_not_block_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "admin.yaml"
    path.write_text(yaml.safe_dump(spec("admin", "alb", [V4, V6])), encoding="utf-8")
    assert run(["render", str(path)]) == 0
    assert "(EKS045)" in capsys.readouterr().err


@pytest.mark.parametrize("address_type", ["dualstack", "dualstack-without-public-ipv4"])
def test_a_dual_stack_alb_keeps_its_ipv6_ranges(tmp_path: Path, address_type: str) -> None:
    assert found(tmp_path, spec("admin", "alb", [V6], address_type=address_type)) == []
    assert found(tmp_path, spec("admin", "alb", [V4, V6], address_type=address_type)) == []


def test_the_address_type_is_the_groups_so_another_member_can_make_it_dual_stack(
    tmp_path: Path,
) -> None:
    dual = spec("a", "alb", [V6], group="g", address_type="dualstack")
    members = (dual, spec("b", "alb", [V6], group="g"))
    assert found(tmp_path, *members) == []
    # Without the setting, both members of the IPv4 group are closed.
    plain = (spec("a", "alb", [V6], group="g"), spec("b", "alb", [V6], group="g"))
    assert [rule for rule, _, _ in found(tmp_path, *plain)] == ["EKS044", "EKS044"]


def test_no_closed_alb_when_other_sources_decide(tmp_path: Path) -> None:
    own = spec("a", "alb", [V6], security_groups=["sg-0123456789abcdef0"])
    listed = spec(
        "b",
        "alb",
        [V6],
        {"alb.ingress.kubernetes.io/security-group-prefix-lists": "pl-0123456789abcdef0"},
    )
    assert "EKS044" not in [rule for rule, _, _ in found(tmp_path, own, listed)]


def test_ipv4_ranges_or_none_on_an_alb_are_fine(tmp_path: Path) -> None:
    assert found(tmp_path, spec("a", "alb", [V4]), spec("b", "alb", None)) == []
