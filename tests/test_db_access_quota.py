"""dbAccess.securityGroupIds: a warning past the VPC quota (EKS046), the schema at its maximum.

Facts:
- The SecurityGroupPolicy CRD (amazon-vpc-resource-controller-k8s,
  config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml at b8d42511) gives
  spec.securityGroups.groupIds minItems 1 and no maxItems (dropped in PR #583).
- Amazon VPC quotas (docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html):
  "Security groups per network interface", default 5, adjustable up to 16.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import upstream
from eksgen.api import check_paths
from eksgen.errors import Severity
from eksgen.resources import schema


def _ids(count: int) -> list[str]:
    return [f"sg-{number:08x}" for number in range(1, count + 1)]


def _spec(count: int) -> dict[str, Any]:
    return {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "orders", "namespace": "shop"},
        "spec": {"ports": [{"port": 80}], "dbAccess": {"securityGroupIds": _ids(count)}},
    }


def _problems(tmp_path: Path, count: int) -> list[tuple[str, str, Severity]]:
    path = tmp_path / "orders.yaml"
    path.write_text(yaml.safe_dump(_spec(count)), encoding="utf-8")
    result = check_paths([str(path)])
    return [(p.rule, p.message, p.severity) for p in result.problems if p.rule != "EKS025"]


def test_the_crd_sets_no_maximum_and_the_schema_the_quotas_own() -> None:
    """No CRD cap; the schema refuses only what no quota increase allows (16, Amazon VPC quotas)."""
    crd = yaml.safe_load(
        upstream("amazon-vpc-resource-controller-k8s", "securitygrouppolicy-crd.yaml").read_text()
    )
    version = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    group_ids = version["properties"]["spec"]["properties"]["securityGroups"]["properties"]
    assert "maxItems" not in group_ids["groupIds"]
    ours = schema("app")["$defs"]["dbAccess"]["properties"]["securityGroupIds"]
    assert ours["maxItems"] == 16 and ours["minItems"] == group_ids["groupIds"]["minItems"] == 1


@pytest.mark.parametrize("count", [1, 5])
def test_up_to_the_default_quota_nothing_is_said(tmp_path: Path, count: int) -> None:
    assert _problems(tmp_path, count) == []


@pytest.mark.parametrize("count", [6, 16])
def test_past_the_default_quota_a_warning_names_it(tmp_path: Path, count: int) -> None:
    ((rule, message, severity),) = _problems(tmp_path, count)
    assert (rule, severity) == ("EKS046", Severity.WARNING)
    assert "'Security groups per network interface'" in message
    assert "default 5" in message and "up to 16" in message


def test_past_the_quotas_maximum_the_schema_refuses(tmp_path: Path) -> None:
    """17 groups: no quota increase allows it, so it is an error, not a warning."""
    ((rule, message, severity),) = _problems(tmp_path, 17)
    assert (rule, severity) == ("", Severity.ERROR) and "17 items is too long" in message
