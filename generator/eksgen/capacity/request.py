"""The `eksgen capacity` command: flags or a Cluster spec in, a report out.

Its outcomes follow the exit codes of every command. What the command line says is the
command line's to get right, a UsageError (exit 2): neither or both of --instance-type and
a Cluster spec, a flag that the chosen mode would ignore, an unknown instance type, a
--subnet that is not an AWS subnet CIDR. What a file says is refused as input with its
file and line (InvalidInput, exit 1): a spec with errors, no Cluster spec among the paths,
a Cluster spec without nodeGroups. A subnet that runs out is a result, reported (exit 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    """Raise UsageError unless the request is one mode, and every flag given acts in it.

    The modes: instance types (--instance-type), or every node group of a Cluster spec.
    """
    if bool(request.paths) == bool(request.instance_types):
        raise UsageError("give either --instance-type TYPE or a Cluster spec (not both)")
    if request.paths and _node_flags(request):
        raise UsageError(
            f"{', '.join(_node_flags(request))}: for --instance-type only; a Cluster spec "
            "brings its own (vpcCni, nodeGroups)"
        )
    if not request.subnets and _subnet_flags(request):
        raise UsageError(
            f"{', '.join(_subnet_flags(request))}: for planning subnets; give --subnet CIDR too"
        )


def _node_flags(request: CapacityRequest) -> list[str]:
    """The flags given that describe nodes (which a Cluster spec describes instead)."""
    given = {
        "--prefix-delegation": request.prefix_delegation,
        "--custom-networking": request.custom_networking,
        "--pod-security-groups": request.pod_security_groups,
        "--max-enis": request.max_enis is not None,
        "--subnet": bool(request.subnets),
    }
    return [flag for flag, on in given.items() if on] + _subnet_flags(request)


def _subnet_flags(request: CapacityRequest) -> list[str]:
    """The flags given that size a node group for subnet planning."""
    warm = zip(WARM_FLAGS, request.warm, strict=True)
    given = [("--desired", request.desired), ("--max", request.max_size), *warm]
    return [flag for flag, value in given if value is not None]


# The flags of CapacityRequest.warm, in its order.
WARM_FLAGS = (
    "--warm-eni-target",
    "--warm-ip-target",
    "--minimum-ip-target",
    "--warm-prefix-target",
)


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
        instance = instance_or_error(name)
        group = NodeGroup(
            name=instance.name,  # as the table spells it: -t M5.LARGE plans m5.large
            instance_type=instance.name,
            desired_size=desired,
            max_size=request.max_size if request.max_size is not None else desired,
            subnet_cidrs=tuple(request.subnets),
        )
        plans.append(plan_node_group(group, instance, _settings(request), pool))
    return plans


def _check_cidrs(cidrs: list[str]) -> None:
    import ipaddress

    for cidr in cidrs:
        try:
            network = ipaddress.IPv4Network(cidr, strict=True)
        except ValueError as error:
            raise UsageError(f"--subnet {cidr!r}: not an IPv4 network CIDR ({error})") from None
        if not 16 <= network.prefixlen <= 28:
            raise UsageError(f"--subnet {cidr}: AWS subnets are /16 to /28")


def _cluster_plans(cluster: Cluster) -> list[NodeGroupPlan]:
    if not cluster.node_groups:
        from eksgen.spec.locate import locate

        line, column = locate(cluster.document, ("spec",), key=True)
        message = "no nodeGroups to plan: eksgen capacity plans a Cluster's node groups"
        raise InvalidInput([Problem(cluster.file, line, column, "spec", message)])
    return plan_cluster(cluster)
