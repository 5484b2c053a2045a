"""Text and JSON reports of pod capacity and subnet plans."""

from __future__ import annotations

import json
from typing import Any

from eksgen.capacity.maxpods import Capacity, Settings, variants
from eksgen.capacity.subnets import NodeGroupPlan


def capacity_dict(cap: Capacity) -> dict[str, Any]:
    """The capacity under the chosen settings, plus the standard variants for comparison."""
    return cap.as_dict() | {"variants": variants_dict(variants(cap))}


def variants_dict(found: dict[str, Capacity]) -> dict[str, dict[str, int]]:
    """The variants as JSON lists them: each name with its two max-pods figures."""
    return {name: variant.max_pods_dict() for name, variant in found.items()}


def capacity_json(caps: list[Capacity], plans: list[NodeGroupPlan]) -> str:
    """{"instanceTypes": [...], "nodeGroups": [...]} with sorted keys."""
    body = {
        "instanceTypes": [capacity_dict(cap) for cap in caps],
        "nodeGroups": [
            plan.as_dict() | {"capacity": capacity_dict(plan.capacity)} for plan in plans
        ],
    }
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def capacity_text(cap: Capacity) -> str:
    """A few plain lines on one instance type."""
    instance = cap.instance
    kind = instance.hypervisor or ("bare metal" if instance.bare_metal else "unknown hypervisor")
    vcpus = f"{instance.vcpus} vCPUs" if instance.vcpus is not None else "vCPUs unknown"
    lines = [
        f"{instance.name}: {instance.enis} ENIs x {instance.ipv4_per_eni} IPv4 addresses "
        f"({kind}, {vcpus})",
        f"  settings: {_settings_text(cap.settings)}",
        f"  max pods, formula (uncapped):   {cap.max_pods_uncapped}",
        f"  max pods, kubelet (recommended): {cap.max_pods}  (cap {cap.max_pods_cap})",
    ]
    for name, variant in variants(cap).items():
        label = _VARIANT_LABELS[name]
        lines.append(
            f"    {label:<38} {variant.max_pods:>4}  ({variant.max_pods_uncapped} uncapped)"
        )
    lines.append(f"  security groups for pods: {_branch_text(cap)}")
    lines += [f"  note: {note}" for note in cap.notes]
    return "\n".join(lines) + "\n"


_VARIANT_LABELS = {
    "secondaryIp": "secondary IPs:",
    "prefixDelegation": "prefix delegation:",
    "customNetworking": "custom networking:",
    "customNetworkingPrefixDelegation": "custom networking + prefix delegation:",
}


def _settings_text(settings: Settings) -> str:
    chosen = [
        name
        for name, on in (
            ("prefix delegation", settings.prefix_delegation),
            ("custom networking", settings.custom_networking),
            ("security groups for pods", settings.pod_security_groups),
        )
        if on
    ]
    if settings.max_enis is not None:
        chosen.append(f"at most {settings.max_enis} ENIs")
    return ", ".join(chosen) or "secondary IPs (defaults)"


def _branch_text(cap: Capacity) -> str:
    if cap.instance.trunk_compatible is None:
        return "unknown for this type (not in the VPC resource controller's table)"
    if not cap.instance.trunk_compatible:
        return "not supported (no trunk ENI)"
    return f"up to {cap.instance.branch_interfaces} pods per node (branch ENIs)"


def plan_text(plan: NodeGroupPlan) -> str:
    """A node group's capacity and its subnets' headroom."""
    lines = [
        f"node group {plan.name}: {plan.desired} nodes desired, {plan.maximum} max "
        f"(+1 surge node during rolling updates)",
        capacity_text(plan.capacity).rstrip("\n").replace("\n", "\n  ").join(["  ", ""]),
        f"  addresses per node: {plan.addresses_idle} idle, {plan.addresses_full} at max pods",
    ]
    for subnet in plan.subnets:
        worst = (
            f", worst case {subnet.nodes_until_full_worst_case} (aligned /28 blocks: "
            f"{subnet.prefix_blocks})"
            if subnet.nodes_until_full_worst_case is not None
            else ""
        )
        lines.append(
            f"  subnet {subnet.cidr}: {subnet.usable} usable; "
            f"headroom {subnet.headroom_at_desired} at desired ({subnet.nodes_at_desired} nodes), "
            f"{subnet.headroom_at_max} at max "
            f"({subnet.nodes_at_max} nodes); room for {subnet.nodes_until_full} full nodes{worst}"
        )
        if subnet.headroom_at_max < 0:
            lines.append(f"    RUNS OUT: subnet {subnet.cidr} cannot hold the group at max size")
    lines += [f"  note: {note}" for note in plan.notes if note not in plan.capacity.notes]
    return "\n".join(lines) + "\n"
