"""Pods per node: the VPC CNI's max-pods formula and the kubelet value EKS recommends.

Let E be the ENIs of the default network card and I the IPv4 addresses per ENI. In
secondary-IP mode each ENI gives I - 1 pod addresses (its primary address is the node's);
with prefix delegation each of those slots holds a /28 (16 addresses). Two more pods fit
for host-network daemons (aws-node, kube-proxy) that take no pod address. Custom
networking loses the primary ENI for pods; a trunk ENI (security groups for pods) takes
one slot too. EKS managed node groups cap the kubelet value at 110 (up to 30 vCPUs) or 250.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from eksgen.capacity.instances import InstanceType, closest, lookup_any_case
from eksgen.errors import UsageError

ADDRESSES_PER_PREFIX = 16
HOST_NETWORK_PODS = 2
SMALL_NODE_CAP, LARGE_NODE_CAP, SMALL_NODE_VCPUS = 110, 250, 30


@dataclass(frozen=True)
class Settings:
    """The VPC CNI settings that change pod capacity."""

    prefix_delegation: bool = False
    custom_networking: bool = False
    pod_security_groups: bool = False
    max_enis: int | None = None


@dataclass(frozen=True)
class Capacity:
    """Pod capacity of one instance type under some settings."""

    instance: InstanceType
    settings: Settings
    prefix_delegation_effective: bool
    pod_enis: int
    max_pods_uncapped: int
    max_pods: int
    max_pods_cap: int
    secondary_ip_max_pods: int
    branch_interfaces: int | None
    notes: tuple[str, ...] = field(default=())

    @property
    def addresses_per_eni(self) -> int:
        """Pod addresses one ENI gives: its secondary slots, times 16 with prefixes."""
        slots = self.instance.ipv4_per_eni - 1
        return slots * ADDRESSES_PER_PREFIX if self.prefix_delegation_effective else slots

    def max_pods_dict(self) -> dict[str, int]:
        """The two max-pods figures, as JSON lists them for a variant."""
        return {"maxPodsUncapped": self.max_pods_uncapped, "maxPods": self.max_pods}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, camelCase keys (documented in the README)."""
        instance = self.instance
        return {
            "instanceType": instance.name,
            "enis": instance.enis,
            "ipv4PerEni": instance.ipv4_per_eni,
            "vcpus": instance.vcpus,
            "hypervisor": instance.hypervisor,
            "bareMetal": instance.bare_metal,
            "prefixDelegation": self.settings.prefix_delegation,
            "prefixDelegationEffective": self.prefix_delegation_effective,
            "customNetworking": self.settings.custom_networking,
            "podSecurityGroups": self.settings.pod_security_groups,
            "maxEnis": self.settings.max_enis,
            "podEnis": self.pod_enis,
            "maxPodsUncapped": self.max_pods_uncapped,
            "maxPodsCap": self.max_pods_cap,
            "maxPods": self.max_pods,
            "secondaryIpMaxPods": self.secondary_ip_max_pods,
            "trunkCompatible": instance.trunk_compatible,
            "branchInterfaces": self.branch_interfaces,
            "notes": list(self.notes),
        }


def instance_or_error(name: str) -> InstanceType:
    """The instance type named on the command line, in any case.

    An unknown one is the command line's mistake, as an unknown rule ID is for explain: a
    UsageError (exit 2) naming the closest known type. In a Cluster spec the same name is
    a finding of the spec instead (EKS107, exit 1).
    """
    instance = lookup_any_case(name)
    if instance is None:
        near = closest(name, count=1)
        hint = f"; did you mean {near[0]}?" if near else ""
        raise UsageError(f"unknown instance type {name!r}{hint}")
    return instance


def capacity(instance: InstanceType, settings: Settings = Settings()) -> Capacity:
    """Max pods for an instance type: the formula, the recommended kubelet value, notes."""
    notes: list[str] = []
    prefixes = settings.prefix_delegation and instance.supports_prefix_delegation
    if settings.prefix_delegation and not prefixes:
        notes.append(
            f"prefix delegation has no effect on {instance.name}: it is neither Nitro nor "
            "bare metal, so the CNI keeps assigning single IPs"
        )
    pod_enis = _pod_enis(instance, settings, notes)
    slots = instance.ipv4_per_eni - 1
    per_eni = slots * ADDRESSES_PER_PREFIX if prefixes else slots
    uncapped = pod_enis * per_eni + HOST_NETWORK_PODS
    cap = _cap(instance, notes)
    branch = _branch_interfaces(instance, settings, notes)
    return Capacity(
        instance=instance,
        settings=settings,
        prefix_delegation_effective=prefixes,
        pod_enis=pod_enis,
        max_pods_uncapped=uncapped,
        max_pods=min(uncapped, cap),
        max_pods_cap=cap,
        secondary_ip_max_pods=instance.enis * slots + HOST_NETWORK_PODS,
        branch_interfaces=branch,
        notes=tuple(notes),
    )


# The standard settings every report compares an instance type under.
VARIANTS = {
    "secondaryIp": Settings(),
    "prefixDelegation": Settings(prefix_delegation=True),
    "customNetworking": Settings(custom_networking=True),
    "customNetworkingPrefixDelegation": Settings(prefix_delegation=True, custom_networking=True),
}


def variants(cap: Capacity) -> dict[str, Capacity]:
    """The instance type under each of the VARIANTS, keeping cap's ENI limit (--max-enis)."""
    max_enis = cap.settings.max_enis
    return {
        name: capacity(cap.instance, replace(settings, max_enis=max_enis))
        for name, settings in VARIANTS.items()
    }


def prefix_delegation_set(cap: Capacity, on: bool) -> Capacity:
    """The same instance type and settings with prefix delegation on or off.

    Unlike the VARIANTS, this keeps security groups for pods and custom networking as they
    are, so one of the two is cap itself and the other is what switching would give.
    """
    return capacity(cap.instance, replace(cap.settings, prefix_delegation=on))


def _pod_enis(instance: InstanceType, settings: Settings, notes: list[str]) -> int:
    """ENIs whose addresses go to pods: capped by --max-enis, less custom networking's primary."""
    enis = instance.enis
    if settings.max_enis is not None:
        if settings.max_enis > enis:
            notes.append(f"max ENIs {settings.max_enis} exceeds the type's {enis}; {enis} used")
        enis = min(enis, settings.max_enis)
    if settings.custom_networking:
        enis -= 1
        notes.append("custom networking: the primary ENI no longer serves pods (one ENI fewer)")
    if settings.pod_security_groups and instance.trunk_compatible:
        enis -= 1
        notes.append(
            "security groups for pods: the trunk ENI takes one slot, so pods without a "
            "SecurityGroupPolicy have one ENI fewer"
        )
    return max(enis, 0)


def _cap(instance: InstanceType, notes: list[str]) -> int:
    if instance.vcpus is None:
        notes.append(f"vCPUs of {instance.name} unknown: the smaller cap ({SMALL_NODE_CAP}) used")
        return SMALL_NODE_CAP
    return SMALL_NODE_CAP if instance.vcpus <= SMALL_NODE_VCPUS else LARGE_NODE_CAP


def _branch_interfaces(instance: InstanceType, settings: Settings, notes: list[str]) -> int | None:
    if not settings.pod_security_groups:
        return instance.branch_interfaces if instance.trunk_compatible else None
    if instance.trunk_compatible is not True:
        notes.append(
            f"{instance.name} does not support security groups for pods (no trunk ENI): "
            "pods with a SecurityGroupPolicy cannot run on it"
        )
        return 0
    return instance.branch_interfaces
