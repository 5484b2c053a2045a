"""`eksgen capacity`: pods per node and subnet headroom, for instance types or a Cluster."""

from __future__ import annotations

import sys
from typing import Annotated

from eksgen.cli.common import (
    EXIT_OK,
    argument,
    detail_timing,
    option,
    print_notes,
    quiet_option,
    set_verbosity,
    verbose_option,
)
from eksgen.cli.plan import OutputFormat

_WARM = "VPC CNI {variable} of the node group, for subnet planning (with --subnet)."


def capacity(
    paths: Annotated[
        list[str] | None,
        argument(
            help="A Cluster spec (or folders holding exactly one): plan every node group with "
            "its VPC CNI settings. Instead of --instance-type.",
            metavar="PATH",
        ),
    ] = None,
    instance_type: Annotated[
        list[str] | None,
        option(
            "--instance-type",
            "-t",
            help="EC2 instance type, in any case (repeatable). Instead of a Cluster spec.",
            metavar="TYPE",
        ),
    ] = None,
    prefix_delegation: Annotated[
        bool, option("--prefix-delegation", help="ENABLE_PREFIX_DELEGATION=true.")
    ] = False,
    custom_networking: Annotated[
        bool, option("--custom-networking", help="Pods on ENIConfig subnets.")
    ] = False,
    pod_security_groups: Annotated[
        bool, option("--pod-security-groups", help="ENABLE_POD_ENI=true (trunk ENI).")
    ] = False,
    max_enis: Annotated[
        int | None, option("--max-enis", min=1, help="MAX_ENI: use at most N ENIs.")
    ] = None,
    desired: Annotated[
        int | None,
        option("--desired", min=0, help="Nodes desired, for subnet planning (with --subnet)."),
    ] = None,
    max_size: Annotated[
        int | None,
        option("--max", min=0, help="Most nodes, for subnet planning (with --subnet)."),
    ] = None,
    subnet: Annotated[
        list[str] | None,
        option(
            "--subnet",
            help="Subnet CIDR of the nodes, /16 to /28 (repeatable): plan the subnets' headroom.",
            metavar="CIDR",
        ),
    ] = None,
    warm_prefix_target: Annotated[
        int | None,
        option("--warm-prefix-target", min=0, help=_WARM.format(variable="WARM_PREFIX_TARGET")),
    ] = None,
    warm_ip_target: Annotated[
        int | None,
        option("--warm-ip-target", min=0, help=_WARM.format(variable="WARM_IP_TARGET")),
    ] = None,
    minimum_ip_target: Annotated[
        int | None,
        option("--minimum-ip-target", min=0, help=_WARM.format(variable="MINIMUM_IP_TARGET")),
    ] = None,
    warm_eni_target: Annotated[
        int | None,
        option("--warm-eni-target", min=0, help=_WARM.format(variable="WARM_ENI_TARGET")),
    ] = None,
    output: Annotated[OutputFormat, option("--output", help="Report format.")] = OutputFormat.text,
    quiet: Annotated[bool, quiet_option()] = False,
    verbose: Annotated[bool, verbose_option()] = False,
) -> int:
    """Pods per node and subnet headroom: for instance types, or every node group of a cluster."""
    from eksgen import api
    from eksgen.capacity.request import CapacityRequest

    set_verbosity(quiet, verbose)
    request = CapacityRequest(
        paths=paths or [],
        instance_types=instance_type or [],
        prefix_delegation=prefix_delegation,
        custom_networking=custom_networking,
        pod_security_groups=pod_security_groups,
        max_enis=max_enis,
        desired=desired,
        max_size=max_size,
        subnets=subnet or [],
        warm=(warm_eni_target, warm_ip_target, minimum_ip_target, warm_prefix_target),
        json=output is OutputFormat.json,
    )
    text, notes = api.capacity(request)
    print_notes(notes)
    sys.stdout.write(text)
    detail_timing("capacity")
    return EXIT_OK
