"""EKS022: one ALB subnet is refused in Availability Zones only.

Facts, AWS Load Balancer Controller v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4),
pkg/networking/subnet_resolver.go computeSubnetsMinimalCount: an ALB needs two subnets
only when its subnets are in Availability Zones (locale availability-zone) and the
ALBSingleSubnet feature gate is off; one subnet is enough in a Local Zone, a Wavelength
Zone or on an Outpost. A subnet ID does not say which, so the rule is advice that a spec
for a Local Zone or Outpost subnet can switch off.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from eksgen.api import check_paths
from eksgen.lint.rules import RULES


def _spec(annotations: dict[str, str] | None = None) -> dict[str, object]:
    metadata: dict[str, object] = {"name": "edge", "namespace": "shop"}
    if annotations:
        metadata["annotations"] = annotations
    return {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": metadata,
        "spec": {"ports": [{"port": 80}], "exposure": {"type": "alb", "subnets": ["subnet-0aaa"]}},
    }


def _rules(tmp_path: Path, annotations: dict[str, str] | None = None) -> list[str]:
    path = tmp_path / "edge.yaml"
    path.write_text(yaml.safe_dump(_spec(annotations)), encoding="utf-8")
    return [p.rule for p in check_paths([str(path)]).problems]


def test_one_subnet_is_an_error_that_names_local_zones_and_outposts(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(yaml.safe_dump(_spec()), encoding="utf-8")
    (problem,) = [p for p in check_paths([str(path)]).problems if p.rule == "EKS022"]
    assert problem.is_error
    assert "Availability Zones" in problem.message and "Local Zone" in problem.message
    assert "Outpost" in problem.message


def test_a_local_zone_subnet_can_be_acknowledged(tmp_path: Path) -> None:
    # Not a guard: the controller accepts one subnet outside Availability Zones.
    assert RULES["EKS022"].GUARD is False
    assert "EKS022" not in _rules(tmp_path, {"eksgen.dev/ignore": "EKS022"})
    assert "Local Zone" in RULES["EKS022"].__doc__ and "Outpost" in RULES["EKS022"].FIX
