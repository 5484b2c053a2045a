"""Subnet planning: addresses each node draws from its subnet, and when the subnets run out.

Formulas follow the VPC CNI's warm-pool behaviour (P = pods on the node that need an address,
I = IPv4 addresses per ENI, w/a/m/k = WARM_ENI/WARM_IP/MINIMUM_IP/WARM_PREFIX targets):
- secondary IPs, WARM_ENI_TARGET: ENIs = min(E, ceil((P + w(I-1)) / (I-1))), each fully
  populated, so addresses = ENIs x I;
- secondary IPs, WARM_IP_TARGET/MINIMUM_IP_TARGET: IPs = max(P + a, m), ENIs = ceil(IPs/(I-1)),
  addresses = IPs + ENIs;
- prefixes, WARM_PREFIX_TARGET: prefixes = ceil(P/16) + k; with WARM_IP/MINIMUM_IP targets
  prefixes = ceil(max(P + a, m) / 16); ENIs = ceil(prefixes/(I-1)); addresses = 16 prefixes + ENIs.
AWS reserves 5 addresses of every subnet. A prefix needs a free, aligned /28, so with
prefix delegation free addresses alone do not guarantee room: the worst case counts /28
blocks, each ENI's primary address spoiling one.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from typing import Any

from eksgen.capacity.instances import InstanceType, lookup
from eksgen.capacity.maxpods import (
    ADDRESSES_PER_PREFIX,
    HOST_NETWORK_PODS,
    Capacity,
    Settings,
    capacity,
)
from eksgen.model.cluster import Cluster, NodeGroup, VpcCni

RESERVED_PER_SUBNET = 5
SURGE_NODES = 1


@dataclass(frozen=True)
class WarmPool:
    """The warm-pool targets in force (None: unset)."""

    warm_eni: int | None = None
    warm_ip: int | None = None
    minimum_ip: int | None = None
    warm_prefix: int | None = None

    @classmethod
    def of(cls, cni: VpcCni | None) -> WarmPool:
        """The targets of a cluster's VPC CNI settings."""
        if cni is None:
            return cls()
        return cls(
            cni.warm_eni_target, cni.warm_ip_target, cni.minimum_ip_target, cni.warm_prefix_target
        )

    @property
    def by_ip(self) -> bool:
        """IP targets override the ENI and prefix targets."""
        return bool(self.warm_ip) or self.minimum_ip is not None


def node_addresses(cap: Capacity, pods: int, pool: WarmPool) -> int:
    """Addresses one node draws from the subnet its pod ENIs live in, with `pods` pods."""
    slots = cap.instance.ipv4_per_eni - 1
    enis_limit = max(cap.pod_enis, 1)
    if cap.prefix_delegation_effective:
        prefixes = _prefixes(pods, pool)
        prefixes = min(prefixes, enis_limit * slots)
        enis = max(1, math.ceil(prefixes / slots))
        return ADDRESSES_PER_PREFIX * prefixes + enis
    if pool.by_ip:
        ips = max(pods + (pool.warm_ip or 0), pool.minimum_ip or 0)
        enis = min(enis_limit, max(1, math.ceil(ips / slots)))
        return min(ips, enis * slots) + enis
    warm = 1 if pool.warm_eni is None else pool.warm_eni
    enis = min(enis_limit, max(1, math.ceil((pods + warm * slots) / slots)))
    return enis * cap.instance.ipv4_per_eni


def node_prefixes_and_enis(cap: Capacity, pods: int, pool: WarmPool) -> tuple[int, int]:
    """(/28 prefixes, ENIs) of a node with prefix delegation."""
    slots = cap.instance.ipv4_per_eni - 1
    prefixes = min(_prefixes(pods, pool), max(cap.pod_enis, 1) * slots)
    return prefixes, max(1, math.ceil(prefixes / slots))


def _prefixes(pods: int, pool: WarmPool) -> int:
    if pool.by_ip:
        wanted = max(pods + (pool.warm_ip or 0), pool.minimum_ip or 0)
        return max(1, math.ceil(wanted / ADDRESSES_PER_PREFIX))
    warm = 1 if pool.warm_prefix is None else pool.warm_prefix
    return math.ceil(pods / ADDRESSES_PER_PREFIX) + warm


@dataclass(frozen=True)
class SubnetPlan:
    """One subnet of a node group: its room, and how full it is at desired and max size."""

    cidr: str
    usable: int
    nodes_at_desired: int
    nodes_at_max: int
    headroom_at_desired: int
    headroom_at_max: int
    nodes_until_full: int
    prefix_blocks: int | None
    nodes_until_full_worst_case: int | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, camelCase keys."""
        return {
            "cidr": self.cidr,
            "usableAddresses": self.usable,
            "nodesAtDesired": self.nodes_at_desired,
            "nodesAtMax": self.nodes_at_max,
            "headroomAtDesired": self.headroom_at_desired,
            "headroomAtMax": self.headroom_at_max,
            "nodesUntilFull": self.nodes_until_full,
            "alignedPrefixBlocks": self.prefix_blocks,
            "nodesUntilFullWorstCase": self.nodes_until_full_worst_case,
        }


@dataclass(frozen=True)
class NodeGroupPlan:
    """Capacity and subnet headroom of one node group."""

    name: str
    capacity: Capacity
    desired: int
    maximum: int
    addresses_idle: int
    addresses_full: int
    subnets: tuple[SubnetPlan, ...]
    notes: tuple[str, ...]

    @property
    def runs_out(self) -> bool:
        """Whether a subnet cannot hold the group at max size plus a surge node."""
        return any(subnet.headroom_at_max < 0 for subnet in self.subnets)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, camelCase keys."""
        return {
            "name": self.name,
            "instanceType": self.capacity.instance.name,
            "capacity": self.capacity.as_dict(),
            "desiredSize": self.desired,
            "maxSize": self.maximum,
            "surgeNodes": SURGE_NODES,
            "addressesPerNodeIdle": self.addresses_idle,
            "addressesPerNodeFull": self.addresses_full,
            "subnets": [subnet.as_dict() for subnet in self.subnets],
            "runsOut": self.runs_out,
            "notes": list(self.notes),
        }


def plan_cluster(cluster: Cluster) -> list[NodeGroupPlan]:
    """A plan for every node group of the cluster whose instance type is known."""
    settings = settings_of(cluster.vpc_cni)
    pool = WarmPool.of(cluster.vpc_cni)
    plans = []
    for group in cluster.node_groups:
        instance = lookup(group.instance_type)
        if instance is not None:
            plans.append(plan_node_group(group, instance, settings, pool))
    return plans


def settings_of(cni: VpcCni | None) -> Settings:
    """Capacity settings from a cluster's VPC CNI section."""
    if cni is None:
        return Settings()
    return Settings(
        prefix_delegation=cni.prefix_delegation,
        custom_networking=cni.custom_networking is not None,
        pod_security_groups=cni.pod_security_groups,
    )


def plan_node_group(
    group: NodeGroup, instance: InstanceType, settings: Settings, pool: WarmPool
) -> NodeGroupPlan:
    """Addresses per node and headroom per subnet at desired and max size (+1 surge node)."""
    cap = capacity(instance, settings)
    desired = group.desired_size if group.desired_size is not None else group.min_size or 0
    maximum = max(group.max_size if group.max_size is not None else desired, desired)
    full_pods = max(cap.max_pods - HOST_NETWORK_PODS, 0)
    notes = list(cap.notes)
    if settings.custom_networking:
        # Pods take their addresses from the ENIConfig subnets; the node subnet holds only
        # each node's primary ENI.
        idle = full = 1
        notes.append(
            "custom networking: pod addresses come from the ENIConfig subnets; the node "
            "subnets below hold one address per node"
        )
    else:
        idle, full = node_addresses(cap, 0, pool), node_addresses(cap, full_pods, pool)
    subnets = tuple(
        _subnet_plan(
            cidr, index, len(group.subnet_cidrs), desired, maximum, full, cap, pool, settings
        )
        for index, cidr in enumerate(group.subnet_cidrs)
    )
    if cap.prefix_delegation_effective and not settings.custom_networking:
        notes.append(
            "prefix delegation: each prefix needs a free aligned /28, so free addresses alone "
            "are not enough; nodesUntilFullWorstCase assumes every ENI address spoils a block"
        )
    return NodeGroupPlan(group.name, cap, desired, maximum, idle, full, subnets, tuple(notes))


def _spread(nodes: int, index: int, count: int) -> int:
    """Nodes that land in subnet `index` when `nodes` spread evenly (earlier ones first)."""
    return nodes // count + (1 if index < nodes % count else 0)


def _subnet_plan(
    cidr: str,
    index: int,
    count: int,
    desired: int,
    maximum: int,
    per_node: int,
    cap: Capacity,
    pool: WarmPool,
    settings: Settings,
) -> SubnetPlan:
    network = ipaddress.ip_network(cidr, strict=False)
    usable = max(network.num_addresses - RESERVED_PER_SUBNET, 0)
    at_desired = _spread(desired, index, count)
    # A rolling update adds one node before removing one; it may land in any subnet.
    at_max = _spread(maximum, index, count) + SURGE_NODES
    blocks = worst = None
    if cap.prefix_delegation_effective and not settings.custom_networking:
        blocks = _aligned_blocks(network.num_addresses)
        prefixes, enis = node_prefixes_and_enis(cap, max(cap.max_pods - HOST_NETWORK_PODS, 0), pool)
        worst = blocks // (prefixes + enis)
    return SubnetPlan(
        cidr=str(network),
        usable=usable,
        nodes_at_desired=at_desired,
        nodes_at_max=at_max,
        headroom_at_desired=usable - at_desired * per_node,
        headroom_at_max=usable - at_max * per_node,
        nodes_until_full=usable // per_node if per_node else 0,
        prefix_blocks=blocks,
        nodes_until_full_worst_case=worst,
    )


def _aligned_blocks(size: int) -> int:
    """/28 blocks free of AWS's reserved addresses (the first four and the last)."""
    blocks = size // ADDRESSES_PER_PREFIX
    if blocks <= 1:
        return 0
    return blocks - 2
