"""The `eksgen capacity` command: flags or a Cluster spec in, a report out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NoReturn

from eksgen.capacity.maxpods import Capacity, Settings, capacity, instance_or_error
from eksgen.capacity.report import capacity_json, capacity_text, plan_text
from eksgen.capacity.subnets import NodeGroupPlan, WarmPool, plan_cluster, plan_node_group
from eksgen.errors import InvalidInput, Problem, UsageError
from eksgen.model.cluster import Cluster, NodeGroup


@dataclass(frozen=True)
class CapacityRequest:
    """What the command line asked for."""

    paths: list[str] = field(default_factory=list)
    instance_types: list[str] = field(default_factory=list)
    prefix_delegation: bool = False
    custom_networking: bool = False
    pod_security_groups: bool = False
    max_enis: int | None = None
    desired: int | None = None
    max_size: int | None = None
    subnets: list[str] = field(default_factory=list)
    warm: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None)
    json: bool = False


def run_capacity(request: CapacityRequest, cluster: Cluster | None = None) -> str:
    """The report for the request: the flags', or every node group of cluster (from paths).

    Raises UsageError or InvalidInput.
    """
    check_request(request)
    if cluster is not None:
        plans, caps = _cluster_plans(cluster), []
    else:
        caps, plans = _flag_capacities(request), _flag_plans(request)
    if request.json:
        return capacity_json(caps, plans)
    text = "".join(capacity_text(cap) for cap in caps if not plans)
    return text + "\n".join(plan_text(plan) for plan in plans)


def check_request(request: CapacityRequest) -> None:
    """Raise UsageError unless the request names instance types or a Cluster spec, not both."""
    if bool(request.paths) == bool(request.instance_types):
        raise UsageError("give either --instance-type TYPE or a Cluster spec (not both)")


def _settings(request: CapacityRequest) -> Settings:
    return Settings(
        prefix_delegation=request.prefix_delegation,
        custom_networking=request.custom_networking,
        pod_security_groups=request.pod_security_groups,
        max_enis=request.max_enis,
    )


def _flag_capacities(request: CapacityRequest) -> list[Capacity]:
    return [
        capacity(instance_or_error(name), _settings(request)) for name in request.instance_types
    ]


def _flag_plans(request: CapacityRequest) -> list[NodeGroupPlan]:
    """Subnet plans when the flags describe a node group (--subnet given)."""
    if not request.subnets:
        return []
    _check_cidrs(request.subnets)
    pool = WarmPool(*request.warm)
    desired = request.desired if request.desired is not None else 0
    plans = []
    for name in request.instance_types:
        group = NodeGroup(
            name=name,
            instance_type=name,
            desired_size=desired,
            max_size=request.max_size if request.max_size is not None else desired,
            subnet_cidrs=tuple(request.subnets),
        )
        plans.append(plan_node_group(group, instance_or_error(name), _settings(request), pool))
    return plans


def _check_cidrs(cidrs: list[str]) -> None:
    import ipaddress

    for cidr in cidrs:
        try:
            network = ipaddress.IPv4Network(cidr, strict=True)
        except ValueError as error:
            _invalid(f"--subnet {cidr!r}: not an IPv4 network CIDR ({error})")
        if not 16 <= network.prefixlen <= 28:
            _invalid(f"--subnet {cidr}: AWS subnets are /16 to /28")


def _invalid(message: str) -> NoReturn:
    raise InvalidInput([Problem("", 0, 0, "", message)])


def _cluster_plans(cluster: Cluster) -> list[NodeGroupPlan]:
    if not cluster.node_groups:
        raise UsageError(f"{cluster.file}: the Cluster spec has no nodeGroups to plan")
    return plan_cluster(cluster)
