"""`eksgen capacity`: pods per node and subnet headroom, for instance types or a Cluster."""

from __future__ import annotations

import sys
from typing import Annotated

from eksgen.cli.common import EXIT_OK, argument, option, print_notes
from eksgen.cli.plan import OutputFormat


def capacity(
    paths: Annotated[
        list[str] | None,
        argument(help="A Cluster spec: plan every node group.", metavar="[CLUSTER]"),
    ] = None,
    instance_type: Annotated[
        list[str] | None,
        option("--instance-type", "-t", help="EC2 instance type (repeatable).", metavar="TYPE"),
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
        int | None, option("--desired", min=0, help="Nodes desired, for subnet planning.")
    ] = None,
    max_size: Annotated[
        int | None, option("--max", min=0, help="Most nodes, for subnet planning.")
    ] = None,
    subnet: Annotated[
        list[str] | None,
        option("--subnet", help="Subnet CIDR of the nodes (repeatable).", metavar="CIDR"),
    ] = None,
    warm_prefix_target: Annotated[int | None, option("--warm-prefix-target", min=0)] = None,
    warm_ip_target: Annotated[int | None, option("--warm-ip-target", min=0)] = None,
    minimum_ip_target: Annotated[int | None, option("--minimum-ip-target", min=0)] = None,
    warm_eni_target: Annotated[int | None, option("--warm-eni-target", min=0)] = None,
    output: Annotated[OutputFormat, option("--output", help="Report format.")] = OutputFormat.text,
) -> int:
    """Pods per node and subnet headroom: for instance types, or every node group of a cluster."""
    from eksgen import api
    from eksgen.capacity.request import CapacityRequest

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
    return EXIT_OK
